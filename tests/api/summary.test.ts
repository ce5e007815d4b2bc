// GET /api/incidents/summary: per-status counts beside the list, under the list's own filters.
import { beforeAll, describe, expect, it } from 'vitest'
import { incidentListSchema } from '@/lib/schemas/incidents'
import { incidentSummarySchema } from '@/lib/schemas/summary'
import { expectError, world, type World } from './helpers'

describe('incident summary', () => {
  let w: World
  beforeAll(async () => {
    w = await world()
    const titles = ['Disk 100% full', 'Queue_backlog growing', 'Ünïcode Straße down', 'plain title']
    const made = []
    for (const title of titles) made.push(await w.create({ title, urgency: title.startsWith('plain') ? 'LOW' : 'HIGH' }))
    expect((await w.patch(made[0].id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    expect((await w.patch(made[1].id, { status: 'RESOLVED' })).status).toBe(200)
    expect((await w.patch(made[2].id, { status: 'SNOOZED', snoozeMinutes: 30 })).status).toBe(200)
  })

  const summary = async (query: string) => {
    const r = await w.api('GET', `/api/incidents/summary?serviceId=${w.serviceId}${query}`)
    expect(r.status, r.text).toBe(200)
    return incidentSummarySchema.parse(r.body)
  }
  const listTotal = async (query: string) => {
    const r = await w.api('GET', `/api/incidents?serviceId=${w.serviceId}${query}`)
    expect(r.status, r.text).toBe(200)
    return incidentListSchema.parse(r.body).total
  }

  it('accepts as many services as the list does, and agrees with it', async () => {
    // 1,900 short ids fit in a request line the server accepts; ids no service has match nothing.
    const ids = [w.serviceId, ...Array.from({ length: 1_899 }, (_, i) => `s${i}`)].join(',')
    for (const extra of ['', '&urgency=HIGH']) {
      const r = await w.api('GET', `/api/incidents/summary?serviceId=${ids}${extra}`)
      expect(r.status, r.text).toBe(200)
      const counts = incidentSummarySchema.parse(r.body)
      const list = await w.api('GET', `/api/incidents?serviceId=${ids}${extra}`)
      expect(list.status, list.text).toBe(200)
      expect(counts.total).toBe(incidentListSchema.parse(list.body).total)
      expect(counts.total).toBe(extra ? 3 : 4)
    }
  })

  it('counts each status of a service from the maintained totals', async () => {
    expect(await summary('')).toEqual({ counts: { OPEN: 1, ACKNOWLEDGED: 1, RESOLVED: 1, SNOOZED: 1 }, total: 4 })
  })

  it('agrees with the list for every search, including LIKE wildcards and non-ASCII text', async () => {
    for (const q of ['%', '_', '100%', 'queue_', 'STRASSE', 'straße', 'ÜNÏ', 'title', 'zzz', 'di']) {
      const s = await summary(`&q=${encodeURIComponent(q)}`)
      expect(s.total, q).toBe(await listTotal(`&q=${encodeURIComponent(q)}`))
    }
    expect((await summary('&q=%25')).total).toBe(1)
    expect((await summary('&q=_')).total).toBe(1)
  })

  it('applies urgency and assignee filters, and refuses what the list refuses', async () => {
    expect(await summary('&urgency=low')).toEqual({ counts: { OPEN: 1, ACKNOWLEDGED: 0, RESOLVED: 0, SNOOZED: 0 }, total: 1 })
    expect((await summary('&assigneeId=none')).total).toBe(4)
    expectError(await w.api('GET', '/api/incidents/summary?urgency=urgent'), 422, 'VALIDATION_ERROR', 'urgency')
  })
})
