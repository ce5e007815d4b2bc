// PATCH /api/incidents/:id: the status table over HTTP, field rules, events, ETags and the order
// in which errors win.
import { beforeAll, describe, expect, it } from 'vitest'
import { updateUser } from '@/lib/directory/users'
import { incidentSchema, type Incident, type IncidentWithTimeline } from '@/lib/schemas/incidents'
import type { Status } from '@/lib/schemas/enums'
import { baseUrl, client, eventTypes, expectError, makeUser, world, type World } from './helpers'

let w: World
let keyId: string

beforeAll(async () => {
  w = await world()
  keyId = (await w.api('GET', '/api/auth/me')).body.apiKey.id
})

/** A new incident brought into `status` through the API. */
async function inStatus(status: Status, extra: Record<string, unknown> = {}): Promise<Incident> {
  const i = await w.create(extra)
  if (status === 'OPEN') return i
  const r = await w.patch(i.id, { status })
  expect(r.status, r.text).toBe(200)
  return incidentSchema.parse(r.body)
}

async function etagOf(id: string) {
  const r = await w.api('GET', `/api/incidents/${id}`)
  expect(r.status).toBe(200)
  return r.headers.get('etag')!
}

/** Asserts the incident (body, ETag and timeline) is exactly as it was. */
async function expectUnchanged(before: IncidentWithTimeline, beforeEtag: string) {
  expect(await w.get(before.id)).toEqual(before)
  expect(await etagOf(before.id)).toBe(beforeEtag)
}

const TABLE: Record<Status, Partial<Record<Status, string>>> = {
  OPEN: { ACKNOWLEDGED: 'acknowledged', RESOLVED: 'resolved', SNOOZED: 'snoozed' },
  ACKNOWLEDGED: { OPEN: 'unacknowledged', RESOLVED: 'resolved', SNOOZED: 'snoozed' },
  SNOOZED: { OPEN: 'unsnoozed', ACKNOWLEDGED: 'acknowledged', RESOLVED: 'resolved' },
  RESOLVED: { OPEN: 'reopened' },
}
const STATUSES: Status[] = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'SNOOZED']

describe('the status table', () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const event = TABLE[from][to]
      if (from === to) {
        it(`${from} → ${to}: 200, nothing changes, no event`, async () => {
          const i = await inStatus(from)
          const before = await w.get(i.id)
          const etag = await etagOf(i.id)
          const r = await w.patch(i.id, { status: to.toLowerCase() })
          expect(r.status, r.text).toBe(200)
          expect(r.headers.get('etag')).toBe(etag)
          // The incident without what only a read of one carries (its timeline, next escalation).
          expect(incidentSchema.parse(r.body)).toEqual(incidentSchema.parse(before))
          await expectUnchanged(before, etag)
        })
      } else if (event) {
        it(`${from} → ${to}: 200 with a ${event} event`, async () => {
          const i = await inStatus(from)
          const etag = await etagOf(i.id)
          const r = await w.patch(i.id, { status: to })
          expect(r.status, r.text).toBe(200)
          const after = incidentSchema.parse(r.body)
          expect(after.status).toBe(to)
          expect(r.headers.get('etag')).not.toBe(etag)
          expect(r.headers.get('etag')).toBe(await etagOf(i.id))
          const { timeline } = await w.get(i.id)
          const last = timeline.at(-1)!
          expect(last).toMatchObject({ type: event, at: after.updatedAt, actor: { type: 'apiKey', id: keyId }, details: { from, to } })
        })
      } else {
        it(`${from} → ${to}: 409 INVALID_TRANSITION, nothing changes`, async () => {
          const i = await inStatus(from)
          const before = await w.get(i.id)
          const etag = await etagOf(i.id)
          const error = expectError(await w.patch(i.id, { status: to }), 409, 'INVALID_TRANSITION')
          expect(error.message).toContain(from)
          await expectUnchanged(before, etag)
        })
      }
    }
  }

  it('a refused transition applies none of the other fields sent with it', async () => {
    const i = await inStatus('RESOLVED')
    const before = await w.get(i.id)
    const etag = await etagOf(i.id)
    expectError(await w.patch(i.id, { status: 'ACKNOWLEDGED', title: 'changed', urgency: 'LOW', priority: 'P1' }), 409, 'INVALID_TRANSITION')
    await expectUnchanged(before, etag)
  })

  it('accepts triggered and any case', async () => {
    const i = await inStatus('ACKNOWLEDGED')
    const r = await w.patch(i.id, { status: 'Triggered' })
    expect(r.status, r.text).toBe(200)
    expect(r.body.status).toBe('OPEN')
  })
})

describe('timestamps follow the status', () => {
  it('acknowledging sets acknowledgedAt; resolving sets resolvedAt and keeps it', async () => {
    const i = await inStatus('ACKNOWLEDGED')
    expect(i.acknowledgedAt).toBe(i.updatedAt)
    const r = incidentSchema.parse((await w.patch(i.id, { status: 'RESOLVED' })).body)
    expect(r).toMatchObject({ acknowledgedAt: i.acknowledgedAt, resolvedAt: r.updatedAt, snoozedUntil: null })
  })

  it('acknowledging again after a snooze keeps the first acknowledgedAt', async () => {
    const i = await inStatus('ACKNOWLEDGED')
    expect((await w.patch(i.id, { status: 'SNOOZED' })).body.acknowledgedAt).toBe(i.acknowledgedAt)
    const r = incidentSchema.parse((await w.patch(i.id, { status: 'ACKNOWLEDGED' })).body)
    expect(r).toMatchObject({ acknowledgedAt: i.acknowledgedAt, snoozedUntil: null })
  })

  it.each(['ACKNOWLEDGED', 'SNOOZED', 'RESOLVED'] as const)('becoming OPEN from %s clears every timestamp', async (from) => {
    const i = await inStatus('ACKNOWLEDGED')
    if (from !== 'ACKNOWLEDGED') expect((await w.patch(i.id, { status: from })).status).toBe(200)
    const r = incidentSchema.parse((await w.patch(i.id, { status: 'OPEN' })).body)
    expect(r).toMatchObject({ status: 'OPEN', acknowledgedAt: null, resolvedAt: null, snoozedUntil: null })
  })

  it('updatedAt moves with every change and only then', async () => {
    const i = await w.create()
    const r = incidentSchema.parse((await w.patch(i.id, { urgency: 'LOW' })).body)
    expect(Date.parse(r.updatedAt)).toBeGreaterThanOrEqual(Date.parse(i.updatedAt))
    expect(r.createdAt).toBe(i.createdAt)
    const again = incidentSchema.parse((await w.patch(i.id, { urgency: 'low' })).body)
    expect(again.updatedAt).toBe(r.updatedAt)
  })
})

describe('snooze', () => {
  const close = (iso: string | null, minutes: number) => {
    expect(iso).not.toBeNull()
    expect(Math.abs(Date.parse(iso!) - (Date.now() + minutes * 60_000))).toBeLessThan(30_000)
  }

  it('defaults to 60 minutes', async () => {
    const r = await w.patch((await w.create()).id, { status: 'SNOOZED' })
    expect(r.status).toBe(200)
    close(r.body.snoozedUntil, 60)
  })

  it.each([1, 10_080])('takes snoozeMinutes %i', async (minutes) => {
    const i = await w.create()
    const r = await w.patch(i.id, { status: 'snoozed', snoozeMinutes: minutes })
    expect(r.status, r.text).toBe(200)
    close(r.body.snoozedUntil, minutes)
    expect((await w.get(i.id)).timeline.at(-1)).toMatchObject({ type: 'snoozed', details: { minutes, until: r.body.snoozedUntil } })
  })

  it.each([0, -1, 10_081, 1.5, '5', null, true])('refuses snoozeMinutes %j with 422', async (minutes) => {
    const i = await w.create()
    expectError(await w.patch(i.id, { status: 'SNOOZED', snoozeMinutes: minutes }), 422, 'VALIDATION_ERROR', 'snoozeMinutes')
  })

  it('refuses snoozeMinutes without status SNOOZED', async () => {
    const i = await inStatus('SNOOZED')
    const before = await w.get(i.id)
    expectError(await w.patch(i.id, { snoozeMinutes: 5 }), 422, 'VALIDATION_ERROR', 'snoozeMinutes')
    expectError(await w.patch(i.id, { status: 'ACKNOWLEDGED', snoozeMinutes: 5 }), 422, 'VALIDATION_ERROR', 'snoozeMinutes')
    expect(await w.get(i.id)).toEqual(before)
  })

  it('re-snoozes a snoozed incident given snoozeMinutes, with a new snoozed event', async () => {
    const i = await inStatus('SNOOZED')
    const r = await w.patch(i.id, { status: 'SNOOZED', snoozeMinutes: 5 })
    expect(r.status).toBe(200)
    close(r.body.snoozedUntil, 5)
    expect(r.body.snoozedUntil).not.toBe(i.snoozedUntil)
    expect(eventTypes(await w.get(i.id))).toEqual(['created', 'snoozed', 'snoozed'])
  })

  it('a snoozed incident set SNOOZED without snoozeMinutes is a no-op', async () => {
    const i = await inStatus('SNOOZED')
    const r = await w.patch(i.id, { status: 'SNOOZED' })
    expect(r.body.snoozedUntil).toBe(i.snoozedUntil)
    expect(eventTypes(await w.get(i.id))).toEqual(['created', 'snoozed'])
  })

  it('a resolved incident cannot be snoozed, with or without minutes', async () => {
    const i = await inStatus('RESOLVED')
    expectError(await w.patch(i.id, { status: 'SNOOZED', snoozeMinutes: 5 }), 409, 'INVALID_TRANSITION')
  })
})

describe('other fields and their events', () => {
  let userA: string
  let userB: string
  beforeAll(async () => {
    userA = (await makeUser(w.db)).id
    userB = (await makeUser(w.db)).id
  })

  it('one PATCH that changes several things writes one event per change', async () => {
    const i = await w.create({ description: 'old' })
    const r = await w.patch(i.id, {
      status: 'acknowledged',
      assigneeId: userA,
      urgency: 'LOW',
      priority: 'P1',
      title: '  New title ',
      description: 'new',
    })
    expect(r.status, r.text).toBe(200)
    expect(incidentSchema.parse(r.body)).toMatchObject({
      status: 'ACKNOWLEDGED',
      assignee: { id: userA },
      urgency: 'LOW',
      priority: 'P1',
      title: 'New title',
      description: 'new',
    })
    const { timeline } = await w.get(i.id)
    expect(timeline.map((e) => e.type).sort()).toEqual(
      ['created', 'acknowledged', 'assigned', 'urgency_changed', 'priority_changed', 'updated', 'updated'].sort(),
    )
    const added = timeline.slice(1)
    expect(new Set(added.map((e) => e.at))).toEqual(new Set([r.body.updatedAt]))
    expect(added.find((e) => e.type === 'urgency_changed')?.details).toMatchObject({ from: 'HIGH', to: 'LOW' })
    expect(added.find((e) => e.type === 'priority_changed')?.details).toMatchObject({ from: null, to: 'P1' })
    expect(added.find((e) => e.type === 'assigned')?.details).toMatchObject({ from: null, to: userA })
    expect(added.filter((e) => e.type === 'updated').map((e) => e.details.field).sort()).toEqual(['description', 'title'])
  })

  it('fields sent with their current values change nothing and write nothing', async () => {
    const i = await inStatus('ACKNOWLEDGED', { description: 'same', urgency: 'LOW', priority: 'P3', assigneeId: userA, title: 'Same title' })
    const before = await w.get(i.id)
    const etag = await etagOf(i.id)
    const r = await w.patch(i.id, {
      status: 'ACKNOWLEDGED',
      assigneeId: userA,
      urgency: 'low',
      priority: 'p3',
      title: ' Same title ',
      description: 'same',
    })
    expect(r.status, r.text).toBe(200)
    expect(r.headers.get('etag')).toBe(etag)
    await expectUnchanged(before, etag)
  })

  it('a mix of changed and unchanged fields writes events only for the changed ones', async () => {
    const i = await w.create({ urgency: 'LOW', priority: 'P2' })
    expect((await w.patch(i.id, { urgency: 'LOW', priority: 'P4' })).status).toBe(200)
    expect(eventTypes(await w.get(i.id))).toEqual(['created', 'priority_changed'])
  })

  it('reassigns, and unassigns with null or ""', async () => {
    const i = await w.create({ assigneeId: userA })
    expect((await w.patch(i.id, { assigneeId: userB })).body.assignee.id).toBe(userB)
    const r1 = await w.patch(i.id, { assigneeId: null })
    expect(r1.status).toBe(200)
    expect(r1.body.assignee).toBeNull()
    expect((await w.patch(i.id, { assigneeId: null })).status).toBe(200)
    expect((await w.patch(i.id, { assigneeId: userA })).status).toBe(200)
    const r2 = await w.patch(i.id, { assigneeId: '' })
    expect(r2.body.assignee).toBeNull()
    const { timeline } = await w.get(i.id)
    expect(timeline.map((e) => e.type)).toEqual(['created', 'assigned', 'unassigned', 'assigned', 'unassigned'])
    expect(timeline[1].details).toMatchObject({ from: userA, to: userB })
    expect(timeline[2].details).toMatchObject({ from: userB })
  })

  it('clears the priority with null', async () => {
    const i = await w.create({ priority: 'P5' })
    const r = await w.patch(i.id, { priority: null })
    expect(r.body.priority).toBeNull()
    expect((await w.get(i.id)).timeline.at(-1)).toMatchObject({ type: 'priority_changed', details: { from: 'P5', to: null } })
  })

  it('clears the description with null', async () => {
    const i = await w.create({ description: 'something' })
    expect((await w.patch(i.id, { description: null })).body.description).toBeNull()
    expect((await w.get(i.id)).timeline.at(-1)).toMatchObject({ type: 'updated', details: { field: 'description', to: null } })
  })

  it('an unknown or disabled assignee is a 422 naming assigneeId, and changes nothing', async () => {
    const i = await w.create()
    const before = await w.get(i.id)
    expectError(await w.patch(i.id, { assigneeId: 'usr_01nope', urgency: 'LOW' }), 422, 'VALIDATION_ERROR', 'assigneeId')
    const disabled = await makeUser(w.db)
    await updateUser(w.db, disabled.id, { disabled: true })
    expectError(await w.patch(i.id, { assigneeId: disabled.id }), 422, 'VALIDATION_ERROR', 'assigneeId')
    expect(await w.get(i.id)).toEqual(before)
  })
})

describe('body validation', () => {
  let id: string
  beforeAll(async () => {
    id = (await w.create()).id
  })

  const cases: [string, unknown, string | undefined][] = [
    ['an empty object', {}, undefined],
    ['only undefined-ish fields', { snoozeMinutes: undefined }, undefined],
    ['an unknown status', { status: 'closed' }, 'status'],
    ['status null', { status: null }, 'status'],
    ['an unknown urgency', { urgency: 'URGENT' }, 'urgency'],
    ['urgency null', { urgency: null }, 'urgency'],
    ['an unknown priority', { priority: 'P6' }, 'priority'],
    ['an empty title', { title: '  ' }, 'title'],
    ['a title of 256 characters', { title: 'x'.repeat(256) }, 'title'],
    ['title null', { title: null }, 'title'],
    ['a description of 10 001 characters', { description: 'x'.repeat(10_001) }, 'description'],
    ['assigneeId a number', { assigneeId: 12 }, 'assigneeId'],
    ['an unknown field', { status: 'OPEN', createdAt: '2020-01-01T00:00:00Z' }, 'createdAt'],
    ['id', { id: 'inc_other' }, 'id'],
    ['number', { number: 1 }, 'number'],
    ['acknowledgedAt', { acknowledgedAt: null }, 'acknowledgedAt'],
    ['snoozedUntil', { status: 'SNOOZED', snoozedUntil: '2030-01-01T00:00:00Z' }, 'snoozedUntil'],
    ['serviceId (not updatable)', { serviceId: 'svc_x' }, 'serviceId'],
  ]
  it.each(cases)('%s → 422', async (_, body, field) => {
    const before = await w.get(id)
    expectError(await w.patch(id, body), 422, 'VALIDATION_ERROR', field)
    expect(await w.get(id)).toEqual(before)
  })
  it.each([
    ['serviceId', { serviceId: 'svc_x' }],
    ['number', { number: 1 }],
    ['number', { number: 1, status: 'ACKNOWLEDGED' }],
  ])('%s is fixed at creation: the one error says it cannot be changed (%j)', async (field, body) => {
    const before = await w.get(id)
    const error = expectError(await w.patch(id, body), 422, 'VALIDATION_ERROR', field)
    expect(error.details).toEqual([{ field, message: 'cannot be changed' }])
    expect(error.message).toBe(`${field} cannot be changed`)
    expect(await w.get(id)).toEqual(before)
  })
})

describe('ETag and If-Match', () => {
  it('GET and PATCH answer the same strong ETag, which changes with every change', async () => {
    const i = await w.create()
    const e1 = await etagOf(i.id)
    expect(e1).toMatch(/^"[^"]+"$/)
    const r = await w.patch(i.id, { urgency: 'LOW' })
    const e2 = r.headers.get('etag')!
    expect(e2).not.toBe(e1)
    expect(await etagOf(i.id)).toBe(e2)
    const e3 = (await w.patch(i.id, { status: 'ACKNOWLEDGED' })).headers.get('etag')
    expect(new Set([e1, e2, e3]).size).toBe(3)
  })

  it('a stale If-Match is 412 and changes nothing', async () => {
    const i = await w.create()
    const stale = await etagOf(i.id)
    expect((await w.patch(i.id, { urgency: 'LOW' })).status).toBe(200)
    const before = await w.get(i.id)
    const etag = await etagOf(i.id)
    expectError(await w.patch(i.id, { status: 'RESOLVED' }, { 'If-Match': stale }), 412, 'PRECONDITION_FAILED')
    expectError(await w.patch(i.id, { title: 'x' }, { 'If-Match': '"garbage"' }), 412, 'PRECONDITION_FAILED')
    expectError(await w.patch(i.id, { title: 'x' }, { 'If-Match': `W/${etag}` }), 412, 'PRECONDITION_FAILED')
    await expectUnchanged(before, etag)
  })

  it('a current If-Match (alone, in a list, or *) is accepted', async () => {
    const i = await w.create()
    let etag = await etagOf(i.id)
    let r = await w.patch(i.id, { urgency: 'LOW' }, { 'If-Match': etag })
    expect(r.status, r.text).toBe(200)
    etag = r.headers.get('etag')!
    r = await w.patch(i.id, { urgency: 'HIGH' }, { 'If-Match': `"other", ${etag}` })
    expect(r.status, r.text).toBe(200)
    r = await w.patch(i.id, { urgency: 'LOW' }, { 'If-Match': '*' })
    expect(r.status, r.text).toBe(200)
  })
})

describe('404 for any id that does not exist', () => {
  const ids = [
    'inc_01jd5x0k3m9q8r7s6t5v4w3x2y',
    'inc_nope',
    'nope',
    'svc_01jd5x0k3m9q8r7s6t5v4w3x2y',
    '0',
    '-1',
    'inc_' + 'a'.repeat(2000),
    'ünïcödé-漢字-🔥',
    "inc_' OR '1'='1",
    'inc_%',
    'inc_;DROP TABLE "Incident"',
    ' ',
    'null',
  ]
  it.each(ids)('GET and PATCH %j', async (id) => {
    const path = `/api/incidents/${encodeURIComponent(id)}`
    expectError(await w.api('GET', path), 404, 'NOT_FOUND')
    expectError(await w.api('PATCH', path, { body: { status: 'ACKNOWLEDGED' } }), 404, 'NOT_FOUND')
  })

  it('an existing id in another case is not found', async () => {
    const i = await w.create()
    expectError(await w.api('GET', `/api/incidents/${i.id.toUpperCase()}`), 404, 'NOT_FOUND')
  })
})

describe('which error wins', () => {
  let resolved: Incident
  let readOnly: ReturnType<typeof client>
  beforeAll(async () => {
    resolved = await inStatus('RESOLVED')
    readOnly = await w.withScopes(['incidents:read'])
  })
  const big = JSON.stringify({ title: 'x'.repeat(70 * 1024) })
  const anon = () => client(baseUrl)

  it('401 before 403, 405, 413, 400, 422 and 404', async () => {
    for (const [method, body] of [
      ['PATCH', { status: 'bogus' }],
      ['PATCH', '{not json'],
      ['PATCH', big],
      ['DELETE', undefined],
    ] as const) {
      expectError(await anon()(method, '/api/incidents/inc_nope', { body }), 401, 'UNAUTHORIZED')
    }
  })

  it('403 before 413, 400, 422 and 404', async () => {
    for (const body of [{ status: 'bogus' }, '{not json', big]) {
      expectError(await readOnly('PATCH', '/api/incidents/inc_nope', { body }), 403, 'FORBIDDEN')
    }
    expectError(await readOnly('POST', '/api/incidents', { body: big }), 403, 'FORBIDDEN')
  })

  it('405 before 413 and 400', async () => {
    const r = await w.api('DELETE', `/api/incidents/${resolved.id}`, { body: big })
    expectError(r, 405, 'METHOD_NOT_ALLOWED')
    expectError(await w.api('PUT', `/api/incidents/${resolved.id}`, { body: '{not json' }), 405, 'METHOD_NOT_ALLOWED')
  })

  it('413 before 400 and 422', async () => {
    expectError(await w.api('PATCH', `/api/incidents/inc_nope`, { body: `{${'x'.repeat(70 * 1024)}` }), 413, 'PAYLOAD_TOO_LARGE')
    expectError(await w.api('PATCH', `/api/incidents/inc_nope`, { body: big }), 413, 'PAYLOAD_TOO_LARGE')
  })

  it('400 before 422 and 404', async () => {
    expectError(await w.api('PATCH', '/api/incidents/inc_nope', { body: '{"status":' }), 400, 'INVALID_REQUEST')
  })

  it('422 for the shape before 404', async () => {
    expectError(await w.api('PATCH', '/api/incidents/inc_nope', { body: { status: 'bogus' } }), 422, 'VALIDATION_ERROR', 'status')
    expectError(await w.api('PATCH', '/api/incidents/inc_nope', { body: { snoozeMinutes: 5 } }), 422, 'VALIDATION_ERROR', 'snoozeMinutes')
  })

  it('404 before 422 for references', async () => {
    expectError(await w.api('PATCH', '/api/incidents/inc_nope', { body: { assigneeId: 'usr_nope' } }), 404, 'NOT_FOUND')
  })

  it('422 for references before 412', async () => {
    const stale = '"stale"'
    expectError(await w.patch(resolved.id, { assigneeId: 'usr_nope' }, { 'If-Match': stale }), 422, 'VALIDATION_ERROR', 'assigneeId')
  })

  it('412 before 409', async () => {
    expectError(await w.patch(resolved.id, { status: 'SNOOZED' }, { 'If-Match': '"stale"' }), 412, 'PRECONDITION_FAILED')
    expectError(await w.patch(resolved.id, { status: 'SNOOZED' }), 409, 'INVALID_TRANSITION')
  })
})
