// `ops policies create` and `ops services update --escalation-policy` as a user runs them.
import { afterAll, describe, expect, it } from 'vitest'
import { tempSqliteUrl } from '../support/app'
import { opsOn } from '../support/ops'

const db = tempSqliteUrl()
afterAll(() => db.cleanup())

const ops = opsOn(db.url)
const json = (args: string[], input?: string) => {
  const r = ops([...args, '--json'], input)
  expect(r.code, r.stderr).toBe(0)
  return JSON.parse(r.stdout)
}

describe('ops policies and a service’s policy', () => {
  it('creates a one-step policy and puts a service on it, then off it', () => {
    const user = json(['users', 'create', '--email', 'pager@example.test', '--name', 'Pager', '--role', 'responder', '--password-stdin'], 'a long password\n')
    const service = json(['services', 'create', '--name', 'payments'])
    const policy = json(['policies', 'create', '--name', 'Primary', '--targets', user.id, '--escalate-after', '15', '--repeat', '2'])
    expect(policy).toMatchObject({ name: 'Primary', repeat: 2, steps: [{ targets: [{ type: 'user', id: user.id }], escalateAfterMinutes: 15 }] })
    expect(json(['services', 'update', service.id, '--escalation-policy', policy.id])).toEqual({ id: service.id, name: 'payments', escalationPolicyId: policy.id })
    expect(json(['services', 'update', service.id, '--escalation-policy', 'none']).escalationPolicyId).toBeNull()
  }, 180_000)

  it('refuses bad flags with a one-line error, writing nothing', () => {
    const late = ops(['policies', 'create', '--name', 'x', '--targets', 'usr_1', '--escalate-after', '0'])
    expect(late.code).toBe(2)
    expect(late.stderr).toMatch(/^ops: --escalate-after: /)
    expect(ops(['policies', 'create', '--name', 'x', '--targets', 'usr_1']).stderr).toMatch(/--escalate-after/)
    expect(ops(['policies', 'create', '--name', 'x', '--targets', 'usr_1', '--escalate-after', '5', '--repeat', 'ten']).code).toBe(2)
    const unknown = ops(['policies', 'create', '--name', 'x', '--targets', 'usr_nobody', '--escalate-after', '5'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toMatch(/no user with id usr_nobody/)
    expect(ops(['services', 'update', 'svc_nothing', '--escalation-policy', 'none']).code).toBe(1)
  }, 180_000)
})
