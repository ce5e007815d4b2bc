// `ops webhooks create|list|delete` as a user runs them: --json documents, the address rule, and
// a secret that signs as the Standard Webhooks reference library expects.
import { Webhook } from 'standardwebhooks'
import { afterAll, describe, expect, it } from 'vitest'
import { signedHeaders } from '@/lib/notify/rules/signature'
import { tempSqliteUrl } from '../support/app'
import { opsOn } from '../support/ops'

const db = tempSqliteUrl()
afterAll(() => db.cleanup())

const ops = opsOn(db.url, { WEBHOOK_ALLOW_PRIVATE: '' })

describe('ops webhooks', () => {
  it('creates, lists and deletes; --json prints { id, url, events, secret }', () => {
    const r = ops(['webhooks', 'create', '--url', 'https://hooks.example.com/x', '--events', 'incident.resolved,incident.triggered', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out).sort()).toEqual(['events', 'id', 'secret', 'url'])
    expect(out.events).toEqual(['incident.resolved', 'incident.triggered'])
    const headers = signedHeaders(out.secret, 'msg_1', '{"a":1}', new Date())
    expect(new Webhook(out.secret).verify('{"a":1}', headers)).toEqual({ a: 1 })
    const listed = JSON.parse(ops(['webhooks', 'list', '--json']).stdout)
    expect(listed.webhooks.map((h: { id: string }) => h.id)).toEqual([out.id])
    expect(JSON.stringify(listed)).not.toContain(out.secret)
    expect(ops(['webhooks', 'delete', out.id, '--json']).code).toBe(0)
    expect(JSON.parse(ops(['webhooks', 'list', '--json']).stdout).webhooks).toEqual([])
  }, 180_000)

  it('refuses a private address and a bad URL', () => {
    const privateUrl = ops(['webhooks', 'create', '--url', 'http://10.0.0.5/hook'])
    expect(privateUrl.code).toBe(1)
    expect(privateUrl.stderr).toMatch(/loopback, private or link-local/)
    const named = ops(['webhooks', 'create', '--url', 'http://localhost:8080/hook'])
    expect(named.code).toBe(1)
    const bad = ops(['webhooks', 'create', '--url', 'ftp://example.com/'])
    expect(bad.code).toBe(2)
    expect(JSON.parse(ops(['webhooks', 'list', '--json']).stdout).webhooks).toEqual([])
  }, 180_000)
})
