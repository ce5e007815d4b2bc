// Bulk changes (contract, "Bulk changes"): one result per id, in order, each what a PATCH of that
// incident alone would have answered; each incident changed on its own; a malformed request is
// one 422. That the whole request is one write against the rate limit is in
// tests/system/bulk-ratelimit.test.ts (the API suite's server runs without limits).
import { beforeAll, describe, expect, it } from 'vitest'
import { bulkResponseSchema } from '@/lib/schemas/notes'
import { errorSchema } from '@/lib/schemas/common'
import { incidentSchema } from '@/lib/schemas/incidents'
import { expectError, makeService, makeUser, subscribed, world, type World } from './helpers'

let w: World

beforeAll(async () => {
  w = await world()
})

const bulk = (body: unknown) => w.api('POST', '/api/incidents/bulk', { body })
const MISSING = 'inc_00000000000000000000000000'

describe('POST /api/incidents/bulk', () => {
  it('answers each id in order with what its own PATCH would have: 200, 404, 409, 422', async () => {
    const open = await w.create()
    const resolved = await w.create()
    expect((await w.patch(resolved.id, { status: 'RESOLVED' })).status).toBe(200)
    const acked = await w.create()
    expect((await w.patch(acked.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    const ids = [resolved.id, open.id, MISSING, acked.id]

    // The same change sent as single PATCHes to copies of each incident's state shows what each
    // PATCH answers; the bulk's results must carry the same statuses and codes.
    const r = await bulk({ ids, changes: { status: 'ACKNOWLEDGED' } })
    expect(r.status, r.text).toBe(200)
    const { results } = bulkResponseSchema.strict().parse(r.body)
    expect(results.map((x) => [x.id, x.status])).toEqual([
      [resolved.id, 409],
      [open.id, 200],
      [MISSING, 404],
      [acked.id, 200],
    ])
    expect(results[0]!.error).toEqual({ code: 'INVALID_TRANSITION', message: expect.any(String), requestId: r.headers.get('x-request-id') })
    expect(results[0]!.incident).toBeUndefined()
    expect(errorSchema.parse({ error: results[2]!.error }).error.code).toBe('NOT_FOUND')
    // A 200 carries the whole incident exactly as a GET then reads it.
    expect(results[1]!.incident).toEqual(incidentSchema.parse((await w.api('GET', `/api/incidents/${open.id}`)).body))
    expect(results[1]!.incident!.status).toBe('ACKNOWLEDGED')
    // The already acknowledged one is a no-op, as its own PATCH would be: no second event.
    expect((await w.get(acked.id)).timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1)
    expect((await w.get(resolved.id)).status).toBe('RESOLVED')
  })

  it('answers 422 for an incident whose change is refused by reference, while the others change', async () => {
    const a = await w.create()
    const b = await w.create()
    const disabled = await makeUser(w.db)
    await w.db.transaction((tx) => tx.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } }))
    // Every incident is checked alone: the reference is refused for each, with the field named.
    const r = await bulk({ ids: [a.id, b.id], changes: { assigneeId: disabled.id } })
    expect(r.status, r.text).toBe(200)
    for (const result of r.body.results) {
      expect(result.status).toBe(422)
      expect(result.error.code).toBe('VALIDATION_ERROR')
      expect(result.error.details.map((d: { field: string }) => d.field)).toEqual(['assigneeId'])
    }
  })

  it('writes the note on each incident that answers 200, with its change, and none on the others', async () => {
    const serviceId = (await makeService(w.db)).id
    await subscribed(w, serviceId)
    const a = await w.create({ serviceId })
    const b = await w.create({ serviceId })
    expect((await w.patch(b.id, { status: 'RESOLVED' })).status).toBe(200)
    const c = await w.create({ serviceId, urgency: 'LOW' })
    const r = await bulk({ ids: [a.id, b.id, c.id], changes: { status: 'SNOOZED', snoozeMinutes: 30 }, note: 'maintenance window' })
    expect(r.body.results.map((x: { status: number }) => x.status)).toEqual([200, 409, 200])
    for (const id of [a.id, c.id]) {
      const i = await w.get(id)
      expect(i.timeline.map((e) => e.type)).toEqual(['created', 'snoozed', 'note'])
      const messages = await w.db.read.webhookMessage.findMany({ where: { incidentId: id } })
      expect(messages.map((m) => m.type).sort()).toEqual(['incident.annotated', 'incident.snoozed', 'incident.triggered'])
    }
    expect((await w.get(b.id)).timeline.map((e) => e.type)).toEqual(['created', 'resolved'])
  })

  it('refuses a malformed request as a whole with one 422, changing nothing', async () => {
    const incident = await w.create()
    const ids = [incident.id]
    const cases: [unknown, string][] = [
      [{ changes: { status: 'ACKNOWLEDGED' } }, 'ids'],
      [{ ids: [], changes: { status: 'ACKNOWLEDGED' } }, 'ids'],
      [{ ids: Array.from({ length: 201 }, (_, k) => `inc_${k}`), changes: { status: 'ACKNOWLEDGED' } }, 'ids'],
      [{ ids: [incident.id, 42], changes: { status: 'ACKNOWLEDGED' } }, 'ids'],
      [{ ids: [incident.id, incident.id], changes: { status: 'ACKNOWLEDGED' } }, 'ids'],
      [{ ids }, 'changes'],
      [{ ids, changes: {} }, 'changes'],
      [{ ids, changes: { status: 'DONE' } }, 'changes.status'],
      [{ ids, changes: { snoozeMinutes: 5 } }, 'changes.snoozeMinutes'],
      [{ ids, changes: { urgency: 'LOW', id: 'x' } }, 'id'],
      [{ ids, changes: { urgency: 'LOW', note: 'inside' } }, 'changes.note'],
      [{ ids, changes: { urgency: 'LOW' }, note: '' }, 'note'],
      [{ ids, changes: { urgency: 'LOW' }, extra: 1 }, 'extra'],
    ]
    for (const [body, field] of cases) {
      const error = expectError(await bulk(body), 422, 'VALIDATION_ERROR')
      expect(error.details?.map((d) => d.field), JSON.stringify(body).slice(0, 80)).toContain(field)
    }
    const repeated = expectError(await bulk({ ids: [incident.id, incident.id], changes: { urgency: 'LOW' } }), 422, 'VALIDATION_ERROR')
    expect(repeated.message).toMatch(/ids\[1\] repeats ids\[0\]/)
    // A note alone is not a change: one 422, as for a PATCH.
    expectError(await bulk({ ids, changes: {}, note: 'only a note' }), 422, 'VALIDATION_ERROR')
    expect((await w.get(incident.id)).timeline.map((e) => e.type)).toEqual(['created'])
  })

  it('takes 200 ids in one request', async () => {
    const created = await Promise.all(Array.from({ length: 5 }, () => w.create()))
    const ids = [...created.map((c) => c.id), ...Array.from({ length: 195 }, (_, k) => `inc_missing_${k}`)]
    const r = await bulk({ ids, changes: { priority: 'P2' } })
    expect(r.status, r.text).toBe(200)
    expect(r.body.results).toHaveLength(200)
    expect(r.body.results.filter((x: { status: number }) => x.status === 200)).toHaveLength(5)
    expect(r.body.results.map((x: { id: string }) => x.id)).toEqual(ids)
  })

  it('needs incidents:write; only POST', async () => {
    const incident = await w.create()
    const reader = await w.withScopes(['incidents:read'])
    expectError(await reader('POST', '/api/incidents/bulk', { body: { ids: [incident.id], changes: { urgency: 'LOW' } } }), 403, 'FORBIDDEN')
    const get = await w.api('GET', '/api/incidents/bulk')
    expectError(get, 405, 'METHOD_NOT_ALLOWED')
    expect(get.headers.get('allow')).toBe('POST')
  })

  it('runs beside a PATCH of the same incident: both answer 200, one acknowledged event, nothing lost', async () => {
    for (let round = 0; round < 5; round++) {
      const others = await Promise.all(Array.from({ length: 4 }, () => w.create()))
      const target = await w.create()
      const ids = [...others.map((o) => o.id), target.id]
      const [b, p] = await Promise.all([
        bulk({ ids, changes: { status: 'ACKNOWLEDGED' }, note: `bulk ${round}` }),
        w.patch(target.id, { status: 'ACKNOWLEDGED', urgency: 'LOW' }),
      ])
      expect(b.status, b.text).toBe(200)
      expect(p.status, p.text).toBe(200)
      expect(b.body.results.map((x: { status: number }) => x.status)).toEqual([200, 200, 200, 200, 200])
      const after = await w.get(target.id)
      expect(after.status).toBe('ACKNOWLEDGED')
      expect(after.urgency).toBe('LOW')
      const types = after.timeline.map((e) => e.type)
      expect(types.filter((t) => t === 'acknowledged')).toHaveLength(1)
      expect(types.filter((t) => t === 'note')).toHaveLength(1)
      expect(types.filter((t) => t === 'urgency_changed')).toHaveLength(1)
    }
  })
})
