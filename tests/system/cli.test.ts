// The ops command line as a user runs it: its script and the README's own lines through npm, a real
// database, stdout and exit codes.
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { createDb } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { verifyApiKey } from '@/lib/auth/apiKeys'
import { opsArgs } from '../../scripts/lib/ops.mjs'
import { ROOT, tempSqliteUrl } from '../support/app'
import { opsOn } from '../support/ops'
import { bashBlocks } from '../support/docs'

const db = tempSqliteUrl()
afterAll(() => db.cleanup())

const ops = opsOn(db.url)

const counts = async () => {
  const conn = await createDb(resolveDatabaseUrl(db.url))
  try {
    return { keys: await conn.read.apiKey.count(), users: await conn.read.user.count(), services: await conn.read.service.count() }
  } finally {
    await conn.close()
  }
}

describe('ops', () => {
  it('creates an integration: events:write needs --service, which it prints; refused otherwise', async () => {
    const service = JSON.parse(ops(['services', 'create', '--name', `integrations ${Date.now()}`, '--json']).stdout)
    const r = ops(['keys', 'create', '--name', 'am', '--scopes', 'events:write', '--service', service.id, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ scopes: ['events:write'], serviceId: service.id })
    expect(ops(['keys', 'create', '--name', 'am', '--scopes', 'events:write', '--json']).code).not.toBe(0)
    expect(ops(['keys', 'create', '--name', 'am', '--scopes', 'incidents:read', '--service', service.id, '--json']).code).not.toBe(0)
    expect(ops(['keys', 'create', '--name', 'am', '--scopes', 'events:write,incidents:read', '--service', service.id, '--json']).code).not.toBe(0)
  })

  it('creates a key: --json prints exactly one document, the key verifies, only its digest is stored', async () => {
    const r = ops(['keys', 'create', '--name', 'alertmanager', '--scopes', 'incidents:read,incidents:write', '--expires-in-days', '30', '--json'])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out).sort()).toEqual(['expiresAt', 'id', 'key', 'scopes', 'serviceId'])
    expect(out.key).toMatch(/^ick_/)
    expect(out.scopes).toEqual(['incidents:read', 'incidents:write'])
    expect(out.serviceId).toBeNull()
    expect(new Date(out.expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000)
    const conn = await createDb(resolveDatabaseUrl(db.url))
    try {
      expect(await verifyApiKey(conn, out.key)).toMatchObject({ id: out.id })
      const row = await conn.read.apiKey.findUniqueOrThrow({ where: { id: out.id } })
      expect(JSON.stringify(row)).not.toContain(out.key.slice(17))
    } finally {
      await conn.close()
    }
    const listed = ops(['keys', 'list', '--json'])
    expect(JSON.parse(listed.stdout).keys.map((k: { id: string }) => k.id)).toContain(out.id)
    const revoked = ops(['keys', 'revoke', out.id, '--json'])
    expect(revoked.code).toBe(0)
    expect(JSON.parse(revoked.stdout)).toEqual({ id: out.id, revoked: true })
  })

  it('refuses bad flags with one line and a non-zero exit, writing nothing', async () => {
    const before = await counts()
    for (const args of [
      ['keys', 'create', '--name', 'x', '--scopes', 'incidents:admin', '--json'],
      ['keys', 'create', '--name', 'x', '--scopes', 'INCIDENTS:READ'],
      ['keys', 'create', '--scopes', 'incidents:read'],
      ['keys', 'create', '--name', 'x', '--scopes', 'incidents:read', '--expires-in-days', 'soon'],
      ['keys', 'create', '--name', 'x', '--scopes', 'incidents:read', '--bogus'],
      ['users', 'create', '--email', 'not-an-email', '--name', 'N', '--role', 'admin', '--password-stdin'],
      ['users', 'create', '--email', 'a@example.com', '--name', 'N', '--role', 'root', '--password-stdin'],
      ['services', 'create'],
      ['frobnicate'],
    ]) {
      const r = ops(args, 'long-enough-password\n')
      expect(r.code, args.join(' ')).not.toBe(0)
      expect(r.stdout, args.join(' ')).toBe('')
      expect(r.stderr.trim().split('\n')[0], args.join(' ')).toMatch(/^ops: /)
    }
    expect(await counts()).toEqual(before)
  })

  it('creates users from a password on stdin and services, and seeds a demo only into an empty database', async () => {
    const user = ops(['users', 'create', '--email', 'Ada@Example.com', '--name', 'Ada', '--role', 'admin', '--password-stdin', '--json'], 's3cret-passw0rd\n')
    expect(user.code).toBe(0)
    expect(JSON.parse(user.stdout)).toMatchObject({ email: 'ada@example.com', name: 'Ada', role: 'admin' })
    const svc = ops(['services', 'create', '--name', 'API Gateway', '--json'])
    expect(JSON.parse(svc.stdout)).toMatchObject({ name: 'API Gateway', id: expect.stringMatching(/^svc_/) })
    const dup = ops(['services', 'create', '--name', 'API Gateway'])
    expect(dup.code).toBe(1)
    expect(dup.stderr).toMatch(/already exists/)
    // Not empty any more: the demo refuses rather than mixing into real data.
    const seed = ops(['seed', '--demo'])
    expect(seed.code).not.toBe(0)
    expect(seed.stderr).toMatch(/not empty/)
  })

  it('seeds a fresh database with every status and prints how to sign in', async () => {
    const fresh = tempSqliteUrl()
    try {
      const r = spawnSync(process.execPath, opsArgs('seed', '--demo'), {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: fresh.url },
        encoding: 'utf8',
      })
      expect(r.status).toBe(0)
      expect(r.stdout).toMatch(/admin@example\.com/)
      expect(r.stdout).toMatch(/ick_/)
      const conn = await createDb(resolveDatabaseUrl(fresh.url))
      try {
        const statuses = await conn.read.incident.groupBy({ by: ['status'], _count: true })
        expect(statuses.map((s) => s.status).sort()).toEqual(['ACKNOWLEDGED', 'OPEN', 'RESOLVED', 'SNOOZED'])
      } finally {
        await conn.close()
      }

      // What `npm run demo` runs each time: on the seeded database it skips the seed, prints the
      // sign-ins that still work and how to make a key (the first was shown once), no key.
      const again = spawnSync(process.execPath, opsArgs('seed', '--demo', '--if-empty'), {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: fresh.url },
        encoding: 'utf8',
      })
      expect(again.status).toBe(0)
      expect(again.stdout).toMatch(/skipped/)
      for (const email of ['admin@example.com', 'responder@example.com', 'bob@example.com', 'viewer@example.com']) expect(again.stdout).toContain(email)
      expect(again.stdout).toContain('demo-password')
      expect(again.stdout).toContain('npm run -s ops -- keys create')
      expect(again.stdout).not.toMatch(/ick_/)
    } finally {
      fresh.cleanup()
    }
  })

  it('a database the demo did not fill: --if-empty skips and lists no sign-ins', () => {
    // db already holds Ada (a real user, her own password) from the tests above.
    const r = ops(['seed', '--demo', '--if-empty', '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ seeded: false, users: [] })
  })

  it('the README\'s --json commands, run exactly as documented through npm, print exactly one JSON document', () => {
    const lines = bashBlocks('README.md', '## Command line')[0].split('\n').filter((l) => l.includes('--json'))
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines) {
      const r = spawnSync('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', line], { cwd: ROOT, env: { ...process.env, DATABASE_URL: db.url }, encoding: 'utf8' })
      expect(r.status, line).toBe(0)
      expect(r.stderr, line).toBe('')
      expect(() => JSON.parse(r.stdout), `${line}\n${r.stdout}`).not.toThrow()
    }
  })
})
