// The events budget per integration key, as every sender sees it: `limit` events pass, then
// 429 on generic and Events v2 (as PagerDuty answers) and 503 with Retry-After on Alertmanager's
// route (its senders retry only 5xx). `senders[i % n]` sends the i-th event (one per instance).
import { expect } from 'vitest'
import type { client } from './fixtures'

export async function expectEventsBudget(senders: ReturnType<typeof client>[], limit: number) {
  const at = (i: number) => senders[i % senders.length]
  for (let i = 0; i < limit; i++) {
    const r = await at(i)('POST', '/api/events/generic', { body: { summary: 'x', dedupKey: 'budget' } })
    expect(r.status, r.text).toBe(202)
  }
  const generic = await at(0)('POST', '/api/events/generic', { body: { summary: 'x', dedupKey: 'budget' } })
  expect(generic.status).toBe(429)
  const v2 = await at(1)('POST', '/api/events', { body: { event_action: 'trigger', dedup_key: 'budget', payload: { summary: 'x' } } })
  expect(v2.status).toBe(429)
  expect(v2.body).toMatchObject({ error: { code: 'RATE_LIMITED' }, status: 'invalid event' })
  const am = await at(0)('POST', '/api/events/alertmanager', { body: { version: '4', status: 'firing', groupKey: 'budget', alerts: [] } })
  expect(am.status).toBe(503)
  expect(am.body.error.code).toBe('RATE_LIMITED')
  expect(Number(am.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(am.headers.get('ratelimit-limit')).toBe(String(limit))
}
