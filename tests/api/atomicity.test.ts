// All or nothing per change (docs/architecture.md, "Writes"): a change to an incident, its timeline
// event and the maintained totals commit together or not at all. Each case makes one of those
// writes fail inside the database, during a create, a PATCH and a snooze wake-up, and checks that
// the client gets an error in the contract's shape and that nothing of the change is left behind:
// the incident, its version, its timeline and every total read as before.
// On PostgreSQL a create or a status change is one chained statement (a data-modifying WITH); a
// trigger failing inside it aborts the whole statement, which these cases show too.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Incident } from '@/lib/schemas/incidents'
import { failWrites, literal } from '../support/faults'
import { invariantViolations } from '../support/invariants'
import { expectError, makeService, makeUser, sleep, subscribed, unique, world, type World } from './helpers'

let w: World

beforeAll(async () => {
  w = await world()
})

/** The rows written with a change: where a failure must undo it. */
interface WrittenWith {
  /** What the case calls them. */
  what: string
  table: string
  /** The trigger's condition: rows of this change (a create's rows carry its service id). */
  when: (change: { serviceId: string; incidentId?: string }) => string
}

// Every table a change writes besides the incident itself, the outbox included: every service here
// has a webhook subscription, and every change assigns the incident to the service's own person
// (email is on in the API suite), so each change also stores a webhook message and an email.
const WRITTEN_WITH_EVERY_CHANGE: WrittenWith[] = [
  {
    what: 'TimelineEvent',
    table: 'TimelineEvent',
    when: ({ serviceId, incidentId }) =>
      incidentId ? `NEW."incidentId" = ${literal(incidentId)}` : `NEW."details" LIKE ${literal(`%${serviceId}%`)}`,
  },
  { what: 'IncidentCount', table: 'IncidentCount', when: ({ serviceId }) => `NEW."serviceId" = ${literal(serviceId)}` },
  { what: 'IncidentBucketCount', table: 'IncidentBucketCount', when: ({ serviceId }) => `NEW."serviceId" = ${literal(serviceId)}` },
  { what: 'WebhookMessage (a webhook)', table: 'WebhookMessage', when: ({ serviceId }) => `NEW."subscriptionId" = ${literal(subscriptionOf.get(serviceId)!)}` },
  {
    what: 'WebhookMessage (an email)',
    table: 'WebhookMessage',
    when: ({ serviceId }) => `NEW."kind" = 'email' AND NEW."recipientId" = ${literal(assigneeOf.get(serviceId)!)}`,
  },
]

// The analytics day of the incident: written by every create and every change that moves its
// acknowledgedAt or resolvedAt (not by a snooze's wake-up, which moves neither).
const DAILY_STAT: WrittenWith = { what: 'IncidentDailyStat', table: 'IncidentDailyStat', when: ({ serviceId }) => `NEW."serviceId" = ${literal(serviceId)}` }

/** Each service's webhook subscription, and the person its changes assign (and so email). */
const subscriptionOf = new Map<string, string>()
const assigneeOf = new Map<string, string>()

/** A service of its own for a case, subscribed to every webhook type, with a person to assign. */
async function subscribedService(): Promise<string> {
  const serviceId = (await makeService(w.db)).id
  subscriptionOf.set(serviceId, await subscribed(w, serviceId))
  assigneeOf.set(serviceId, (await makeUser(w.db)).id)
  return serviceId
}

/** Everything a change could touch, read straight from the tables (a read through the API could wake a snooze). */
async function stored(serviceId: string) {
  const [incidents, events, counts, buckets, messages, emails, days] = await Promise.all([
    w.db.read.incident.findMany({ where: { serviceId }, orderBy: { id: 'asc' } }),
    w.db.read.timelineEvent.findMany({ where: { incident: { serviceId } }, orderBy: { id: 'asc' } }),
    w.db.read.incidentCount.findMany({ where: { serviceId }, orderBy: { status: 'asc' } }),
    w.db.read.incidentBucketCount.findMany({ where: { serviceId }, orderBy: [{ status: 'asc' }, { bucket: 'asc' }] }),
    w.db.read.webhookMessage.findMany({ where: { subscriptionId: subscriptionOf.get(serviceId) }, select: { id: true, type: true }, orderBy: { id: 'asc' } }),
    w.db.read.webhookMessage.findMany({ where: { kind: 'email', recipientId: assigneeOf.get(serviceId) }, select: { id: true, type: true }, orderBy: { id: 'asc' } }),
    w.db.read.incidentDailyStat.findMany({ where: { serviceId }, orderBy: { day: 'asc' } }),
  ])
  return { incidents, events, counts, buckets, messages, emails, days }
}

/** What clients read: the incident with its timeline and ETag, the summary and the list totals. */
async function answered(serviceId: string, incidentId?: string) {
  const get = async (path: string) => {
    const r = await w.api('GET', path)
    expect(r.status, `${path}: ${r.text}`).toBe(200)
    return r
  }
  const one = incidentId ? await get(`/api/incidents/${incidentId}`) : undefined
  return {
    incident: one && { body: one.body, etag: one.headers.get('etag') },
    summary: (await get(`/api/incidents/summary?serviceId=${serviceId}`)).body,
    total: (await get(`/api/incidents?serviceId=${serviceId}&limit=1`)).body.total,
    open: (await get(`/api/incidents?serviceId=${serviceId}&status=open&limit=1`)).body.total,
    everywhere: (await get('/api/incidents?limit=1')).body.total,
  }
}

/** One incident on a service of its own, in the status the case starts from. */
async function prepare(status?: 'SNOOZED'): Promise<{ serviceId: string; incident: Incident }> {
  const serviceId = await subscribedService()
  const incident = await w.create({ title: unique('atomicity'), serviceId })
  if (status) expect((await w.patch(incident.id, { status, snoozeMinutes: 30 })).status).toBe(200)
  return { serviceId, incident: (await w.get(incident.id)) as Incident }
}

/** Runs `change` with writes to `point.table` failing, and checks the error and that nothing moved. */
async function expectAllOrNothing(
  point: WrittenWith,
  scope: { serviceId: string; incidentId?: string },
  change: () => Promise<Parameters<typeof expectError>[0]>,
  opts: { readThroughApi: boolean },
) {
  const before = await stored(scope.serviceId)
  const seen = opts.readThroughApi ? await answered(scope.serviceId, scope.incidentId) : undefined
  const fault = await failWrites(w.db, point.table, point.when(scope))
  let after
  try {
    expectError(await change(), 500, 'INTERNAL_ERROR')
    after = await stored(scope.serviceId)
  } finally {
    await fault.disarm()
  }
  expect(after).toEqual(before)
  if (seen) expect(await answered(scope.serviceId, scope.incidentId)).toEqual(seen)
  // The server is still up and sound after the failed change.
  expect((await w.api('GET', '/api/health')).status).toBe(200)
}

describe.each([...WRITTEN_WITH_EVERY_CHANGE, DAILY_STAT])('a failed write to $what undoes the whole change', (point) => {
  it('on a create', async () => {
    const serviceId = await subscribedService()
    const title = unique('atomicity create')
    const body = { title, serviceId, assigneeId: assigneeOf.get(serviceId) }
    await expectAllOrNothing(point, { serviceId }, () => w.api('POST', '/api/incidents', { body }), { readThroughApi: true })
    expect(await w.db.read.incident.count({ where: { title } })).toBe(0)
    // The same create succeeds once the fault is gone.
    expect((await w.api('POST', '/api/incidents', { body })).status).toBe(201)
  })

  it('on a create with an Idempotency-Key, which stays unused', async () => {
    const serviceId = await subscribedService()
    const body = { title: unique('atomicity keyed'), serviceId, assigneeId: assigneeOf.get(serviceId) }
    const headers = { 'Idempotency-Key': unique('atomicity') }
    await expectAllOrNothing(point, { serviceId }, () => w.api('POST', '/api/incidents', { body, headers }), { readThroughApi: true })
    const retry = await w.api('POST', '/api/incidents', { body, headers })
    expect(retry.status, retry.text).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBeNull()
  })

  it('on a PATCH that changes the status and a field', async () => {
    const { serviceId, incident } = await prepare()
    const patch = () => w.patch(incident.id, { status: 'ACKNOWLEDGED', urgency: 'LOW', title: unique('atomicity patched'), assigneeId: assigneeOf.get(serviceId) })
    await expectAllOrNothing(point, { serviceId, incidentId: incident.id }, patch, { readThroughApi: true })
    expect((await patch()).status).toBe(200)
  })

  // A fault on emails does not stop the server's own sweep from waking the snooze (a wake-up emails
  // nobody) in the moment before the PATCH; that run proves nothing either way, so it runs again.
  it.runIf(point !== DAILY_STAT)('on a snooze wake-up (written first in the PATCH that finds it due)', { retry: 2 }, async () => {
    const { serviceId, incident } = await prepare('SNOOZED')
    // The snooze ran out just after it began (events keep their order); the sweep or any read
    // would wake it, so the fault is armed first and its data is read from the tables.
    const fault = await failWrites(w.db, point.table, point.when({ serviceId, incidentId: incident.id }))
    try {
      const ranOut = new Date(Date.parse(incident.updatedAt) + 1)
      await w.db.transaction((tx) => tx.incident.update({ where: { id: incident.id }, data: { snoozedUntil: ranOut } }))
      const patch = () => w.patch(incident.id, { priority: 'P2', assigneeId: assigneeOf.get(serviceId) })
      await expectAllOrNothing(point, { serviceId, incidentId: incident.id }, patch, { readThroughApi: false })
    } finally {
      await fault.disarm()
    }
    // Woken once the fault is gone. A read racing the sweep may still answer the snooze it saw.
    let woken = await w.get(incident.id)
    for (const deadline = Date.now() + 10_000; woken.status !== 'OPEN' && Date.now() < deadline; woken = await w.get(incident.id)) await sleep(100)
    expect(woken.status).toBe('OPEN')
    expect(woken.timeline.filter((e) => e.type === 'unsnoozed')).toHaveLength(1)
  })
})

// A note writes no counts: it is the incident's version (its ETag), its event and its message.
const WRITTEN_WITH_A_NOTE: WrittenWith[] = [
  ...WRITTEN_WITH_EVERY_CHANGE.filter((p) => p.table === 'TimelineEvent' || p.what === 'WebhookMessage (a webhook)'),
  { what: 'Incident', table: 'Incident', when: ({ incidentId }) => `NEW."id" = ${literal(incidentId!)}` },
]

describe.each(WRITTEN_WITH_A_NOTE)('a failed write to $what undoes the whole note', (point) => {
  const cases: [string, (id: string) => Promise<Parameters<typeof expectError>[0]>][] = [
    ['POST /notes', (id) => w.api('POST', `/api/incidents/${id}/notes`, { body: { text: unique('atomic note') } })],
    ['a PATCH whose change is a no-op', (id) => w.patch(id, { status: 'OPEN', note: unique('atomic note') })],
    ['a PATCH with a change', (id) => w.patch(id, { urgency: 'LOW', note: unique('atomic note') })],
  ]
  it.each(cases)('on %s', async (_name, write) => {
    const { serviceId, incident } = await prepare()
    await expectAllOrNothing(point, { serviceId, incidentId: incident.id }, () => write(incident.id), { readThroughApi: true })
    expect((await write(incident.id)).status).toBeLessThan(300)
  })
})

describe('after the failed changes', () => {
  it('every incident is sound', async () => {
    expect(await invariantViolations(w.db)).toEqual([])
  })
})
