// A snooze that runs out: the incident is OPEN again with an `unsnoozed` event by the system,
// stamped at snoozedUntil — seen by reads, by the list, and done by the background sweep alone.
import { beforeAll, describe, expect, it } from 'vitest'
import { incidentListSchema, type IncidentWithTimeline } from '@/lib/schemas/incidents'
import { incidentSummarySchema } from '@/lib/schemas/summary'
import { expectError, makeService, sleep, world, type World } from './helpers'

let w: World
let keyId: string

beforeAll(async () => {
  w = await world()
  keyId = (await w.api('GET', '/api/auth/me')).body.apiKey.id
})

/**
 * A snoozed incident whose snooze has just run out: snoozeMinutes cannot go below 1, so its
 * snoozedUntil is moved back in the database, to just after the snooze itself.
 */
async function overdue(opts: { serviceId?: string; acknowledge?: boolean } = {}) {
  const i = await w.create(opts.serviceId ? { serviceId: opts.serviceId } : {})
  if (opts.acknowledge) expect((await w.patch(i.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
  const r = await w.patch(i.id, { status: 'SNOOZED', snoozeMinutes: 30 })
  expect(r.status, r.text).toBe(200)
  const until = new Date(Date.parse(r.body.updatedAt) + 1)
  await sleep(5)
  await w.db.transaction((tx) => tx.incident.update({ where: { id: i.id }, data: { snoozedUntil: until } }))
  return { id: i.id, until }
}

function expectWoken(i: IncidentWithTimeline, until: Date) {
  expect(i).toMatchObject({ status: 'OPEN', acknowledgedAt: null, resolvedAt: null, snoozedUntil: null })
  const unsnoozed = i.timeline.filter((e) => e.type === 'unsnoozed')
  expect(unsnoozed).toHaveLength(1)
  expect(unsnoozed[0].actor).toEqual({ type: 'system', name: expect.any(String) })
  expect(unsnoozed[0].at).toBe(until.toISOString())
}

describe('a snooze that has run out', () => {
  it('reads as OPEN with an unsnoozed event by the system at snoozedUntil', async () => {
    const { id, until } = await overdue({ acknowledge: true })
    const i = await w.get(id)
    expectWoken(i, until)
    expect(i.timeline.map((e) => e.type)).toEqual(['created', 'acknowledged', 'snoozed', 'unsnoozed'])
  })

  it('lists as OPEN, under status=OPEN and not under status=SNOOZED, with exact totals', async () => {
    const serviceId = (await makeService(w.db)).id
    const a = await overdue({ serviceId })
    const b = await overdue({ serviceId })
    const still = await w.create({ serviceId })
    expect((await w.patch(still.id, { status: 'SNOOZED', snoozeMinutes: 60 })).status).toBe(200)

    const all = incidentListSchema.parse((await w.api('GET', `/api/incidents?serviceId=${serviceId}`)).body)
    const byId = Object.fromEntries(all.incidents.map((i) => [i.id, i]))
    expect(byId[a.id]).toMatchObject({ status: 'OPEN', snoozedUntil: null })
    expect(byId[b.id]).toMatchObject({ status: 'OPEN', snoozedUntil: null })
    expect(byId[still.id].status).toBe('SNOOZED')

    const open = incidentListSchema.parse((await w.api('GET', `/api/incidents?serviceId=${serviceId}&status=OPEN`)).body)
    expect(open.incidents.map((i) => i.id).sort()).toEqual([a.id, b.id].sort())
    expect(open.total).toBe(2)
    const snoozed = incidentListSchema.parse((await w.api('GET', `/api/incidents?serviceId=${serviceId}&status=SNOOZED`)).body)
    expect(snoozed.incidents.map((i) => i.id)).toEqual([still.id])
    expect(snoozed.total).toBe(1)
    expectWoken(await w.get(a.id), a.until)
  })

  it('counts as OPEN in the summary, asked before any list', async () => {
    const serviceId = (await makeService(w.db)).id
    const { id, until } = await overdue({ serviceId })
    const r = await w.api('GET', `/api/incidents/summary?serviceId=${serviceId}`)
    expect(r.status, r.text).toBe(200)
    expect(incidentSummarySchema.parse(r.body).counts).toMatchObject({ OPEN: 1, SNOOZED: 0 })
    expectWoken(await w.get(id), until)
  })

  it('is woken by the background sweep without anyone reading it', async () => {
    const { id, until } = await overdue()
    let row = await w.db.read.incident.findUnique({ where: { id } })
    for (let i = 0; i < 60 && row?.status !== 'OPEN'; i++) {
      await sleep(100)
      row = await w.db.read.incident.findUnique({ where: { id } })
    }
    expect(row).toMatchObject({ status: 'OPEN', snoozedUntil: null, acknowledgedAt: null })
    const events = await w.db.read.timelineEvent.findMany({ where: { incidentId: id, type: 'unsnoozed' } })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ actorType: 'system', at: until })
  })

  it('many simultaneous reads wake it exactly once', async () => {
    const { id, until } = await overdue()
    const reads = await Promise.all(
      Array.from({ length: 12 }, (_, n) => w.api('GET', n % 2 ? `/api/incidents/${id}` : `/api/incidents?limit=200&status=open`)),
    )
    for (const r of reads) expect(r.status, r.text).toBe(200)
    expectWoken(await w.get(id), until)
  })

  it('a change to it starts from OPEN: the wake is written first, then the change', async () => {
    const { id, until } = await overdue({ acknowledge: true })
    const r = await w.patch(id, { status: 'ACKNOWLEDGED' })
    expect(r.status, r.text).toBe(200)
    const i = await w.get(id)
    expect(i.timeline.map((e) => e.type)).toEqual(['created', 'acknowledged', 'snoozed', 'unsnoozed', 'acknowledged'])
    const [unsnoozed, acknowledged] = i.timeline.slice(3)
    expect(unsnoozed).toMatchObject({ actor: { type: 'system' }, at: until.toISOString() })
    expect(acknowledged.actor).toMatchObject({ type: 'apiKey', id: keyId })
    // It was OPEN when acknowledged, so acknowledgedAt is the new one.
    expect(i.acknowledgedAt).toBe(acknowledged.at)
  })

  it('setting SNOOZED again after it ran out snoozes it anew (not a no-op on a stale status)', async () => {
    const { id } = await overdue()
    const r = await w.patch(id, { status: 'SNOOZED' })
    expect(r.status, r.text).toBe(200)
    expect(Date.parse(r.body.snoozedUntil)).toBeGreaterThan(Date.now() + 50 * 60_000)
    expect((await w.get(id)).timeline.map((e) => e.type)).toEqual(['created', 'snoozed', 'unsnoozed', 'snoozed'])
  })

  it('a resolve of it is allowed (SNOOZED → OPEN → RESOLVED)', async () => {
    const { id } = await overdue()
    const r = await w.patch(id, { status: 'RESOLVED' })
    expect(r.status, r.text).toBe(200)
    expect(r.body).toMatchObject({ status: 'RESOLVED', snoozedUntil: null })
  })

  it('a stale If-Match from before the wake is refused', async () => {
    const i = await w.create()
    const snoozed = await w.patch(i.id, { status: 'SNOOZED', snoozeMinutes: 30 })
    const etag = snoozed.headers.get('etag')!
    await sleep(5)
    await w.db.transaction((tx) => tx.incident.update({ where: { id: i.id }, data: { snoozedUntil: new Date(Date.parse(snoozed.body.updatedAt) + 1) } }))
    // Whether the sweep or this read wakes it, the ETag it had while snoozed is stale now.
    expect((await w.get(i.id)).status).toBe('OPEN')
    expectError(await w.patch(i.id, { status: 'ACKNOWLEDGED' }, { 'If-Match': etag }), 412, 'PRECONDITION_FAILED')
  })
})
