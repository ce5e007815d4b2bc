// The pure rules of notifications out: type mapping, retry classification and schedule,
// Retry-After, signatures (checked with the Standard Webhooks reference library) and the address rule.
import { Webhook } from 'standardwebhooks'
import { describe, expect, it } from 'vitest'
import { isPublicAddress } from '@/lib/notify/rules/address'
import { backoffMs, classify, nextAttemptAt, retryAfterMs } from '@/lib/notify/rules/retry'
import { newSecret, signedHeaders } from '@/lib/notify/rules/signature'
import { webhookTypeOf } from '@/lib/notify/rules/types'
import { TIMELINE_EVENT_TYPES } from '@/lib/schemas/incidents'

describe('webhook types', () => {
  it('map each timeline event by the contract', () => {
    expect(webhookTypeOf('created')).toBe('incident.triggered')
    expect(webhookTypeOf('note')).toBe('incident.annotated')
    expect(webhookTypeOf('escalated')).toBe('incident.escalated')
    expect(webhookTypeOf('acknowledged')).toBe('incident.acknowledged')
    expect(webhookTypeOf('urgency_changed')).toBe('incident.urgency_changed')
    expect(webhookTypeOf('updated')).toBeNull()
    expect(webhookTypeOf('alert_folded')).toBeNull()
    for (const t of TIMELINE_EVENT_TYPES) if (t !== 'updated') expect(webhookTypeOf(t), t).not.toBeNull()
  })
})

describe('retries', () => {
  it('classify answers', () => {
    expect(classify(200)).toBe('delivered')
    expect(classify(204)).toBe('delivered')
    for (const s of [null, 408, 429, 500, 502, 503, 599]) expect(classify(s), String(s)).toBe('retry')
    for (const s of [301, 302, 400, 401, 403, 404, 410, 422]) expect(classify(s), String(s)).toBe('failed')
  })

  it('back off about 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then hourly, with jitter', () => {
    const mid = [1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffMs(n, 0.5))
    expect(mid).toEqual([5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 3_600_000, 3_600_000])
    expect(backoffMs(1, 0)).toBe(4_000)
    expect(backoffMs(1, 0.999)).toBeGreaterThan(5_990)
  })

  it('stop after the retry window and at once for a permanent failure', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    const retryUntil = new Date(now.getTime() + 30 * 60_000)
    const base = { failures: 1, retryUntil, now, retryAfter: null, random: 0.5 }
    expect(nextAttemptAt({ ...base, outcome: 'retry' })).toEqual(new Date(now.getTime() + 5_000))
    expect(nextAttemptAt({ ...base, outcome: 'retry', failures: 6 })).toBeNull()
    expect(nextAttemptAt({ ...base, outcome: 'failed' })).toBeNull()
    expect(nextAttemptAt({ ...base, outcome: 'delivered' })).toBeNull()
    expect(nextAttemptAt({ ...base, outcome: 'retry', retryAfter: 1_000 })).toEqual(new Date(now.getTime() + 1_000))
  })

  it('read Retry-After as seconds or a date, capped at an hour', () => {
    const now = new Date('2026-01-01T00:00:00Z')
    expect(retryAfterMs('3', now)).toBe(3_000)
    expect(retryAfterMs('86400', now)).toBe(3_600_000)
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000)
    expect(retryAfterMs('soon', now)).toBeNull()
    expect(retryAfterMs(null, now)).toBeNull()
  })
})

describe('signatures', () => {
  it('verify with the reference library, and fail for another secret or body', () => {
    const secret = newSecret()
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    const body = JSON.stringify({ type: 'incident.triggered', data: { n: 'é' } })
    const headers = signedHeaders(secret, 'msg_1', body, new Date())
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
    expect(() => new Webhook(newSecret()).verify(body, headers)).toThrow()
    expect(() => new Webhook(secret).verify(body + ' ', headers)).toThrow()
  })
})

describe('the address rule', () => {
  it('lets only public unicast addresses through', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(isPublicAddress(a), a).toBe(true)
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', 'fe80::1', 'fc00::1', '::ffff:127.0.0.1', '[::1]', '224.0.0.1', 'localhost', '']) {
      expect(isPublicAddress(a), a).toBe(false)
    }
  })
})
