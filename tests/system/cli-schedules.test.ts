// `ops schedules create|list|delete` as a user runs them: the --json document, bad flags refused
// with nothing written, unknown users refused by the same rule as the API.
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { opsArgs } from '../../scripts/lib/ops.mjs'
import { ROOT, tempSqliteUrl } from '../support/app'

const db = tempSqliteUrl()
afterAll(() => db.cleanup())

function ops(args: string[], input?: string) {
  const r = spawnSync(process.execPath, opsArgs(...args), { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8', input })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const user = (email: string) => JSON.parse(ops(['users', 'create', '--email', email, '--name', email, '--role', 'responder', '--password-stdin', '--json'], 'a long enough password').stdout).id as string

describe('ops schedules', () => {
  it('creates one layer, lists and deletes; --json prints the schedule', () => {
    const [a, b] = [user('a@example.com'), user('b@example.com')]
    const args = ['schedules', 'create', '--name', 'Primary', '--time-zone', 'Europe/Berlin', '--users', `${a},${b}`, '--rotation', 'weekly', '--handoff', '09:00', '--start', '2026-03-02T08:00:00Z']
    const r = ops([...args, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out).toMatchObject({
      id: expect.stringMatching(/^sch_/),
      name: 'Primary',
      timeZone: 'Europe/Berlin',
      layers: [{ name: 'Layer 1', rotation: 'weekly', handoffTime: '09:00', start: '2026-03-02T08:00:00.000Z', users: [a, b], lengthHours: null }],
      overrides: [],
    })
    expect(JSON.parse(ops(['schedules', 'list', '--json']).stdout).schedules.map((s: { id: string }) => s.id)).toEqual([out.id])
    expect(ops(['schedules', 'delete', out.id, '--json']).code).toBe(0)
    expect(JSON.parse(ops(['schedules', 'list', '--json']).stdout).schedules).toEqual([])
  }, 180_000)

  it('refuses bad flags (exit 2) and unknown users (exit 1), writing nothing', () => {
    const a = user('c@example.com')
    const base = ['schedules', 'create', '--name', 'X', '--time-zone', 'UTC', '--users', a, '--rotation', 'daily', '--handoff', '09:00', '--start', '2026-03-02T08:00:00Z']
    const withFlag = (flag: string, value: string) => base.map((v, i) => (base[i - 1] === flag ? value : v))
    const zone = ops(withFlag('--time-zone', 'Mars/Olympus'))
    expect(zone.code).toBe(2)
    expect(zone.stderr).toMatch(/--time-zone: must be an IANA time zone/)
    expect(ops(withFlag('--handoff', '25:00')).stderr).toMatch(/--handoff:/)
    expect(ops(withFlag('--rotation', 'monthly')).code).toBe(2)
    expect(ops(base.slice(0, -2)).stderr).toMatch(/--start is required/)
    const unknown = ops(withFlag('--users', `${a},usr_nobody`))
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/no user with id usr_nobody/)
    expect(JSON.parse(ops(['schedules', 'list', '--json']).stdout).schedules).toEqual([])
  }, 180_000)
})
