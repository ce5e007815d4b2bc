// On-call schedules over HTTP (contract, "On call: schedules and escalation"): the admin writes,
// reads with incidents:read, shifts across a daylight-saving change, who is on call now, and every
// kind of bad input answered in the contract's error shape.
import { beforeAll, describe, expect, it } from 'vitest'
import { onCallSchema, scheduleSchema, shiftsSchema, type Schedule } from '@/lib/schemas/schedules'
import { adminSession, baseUrl, client, expectError, makeUser, world, type Api, type World } from './helpers'

let w: World
let admin: Api
let reader: Api
let people: { id: string; name: string; email: string }[]
let disabledId: string

beforeAll(async () => {
  w = await world()
  admin = await adminSession(w.db)
  reader = await w.withScopes(['incidents:read'])
  people = (await Promise.all([makeUser(w.db), makeUser(w.db), makeUser(w.db)])).map(({ id, name, email }) => ({ id, name, email }))
  const off = await makeUser(w.db)
  await w.db.transaction((tx) => tx.user.update({ where: { id: off.id }, data: { disabledAt: new Date() } }))
  disabledId = off.id
})

const layer = (over: Record<string, unknown> = {}) => ({
  name: 'Primary',
  start: '2026-03-26T08:00:00Z',
  rotation: 'daily',
  handoffTime: '09:00',
  users: people.slice(0, 2).map((p) => p.id),
  ...over,
})
const body = (over: Record<string, unknown> = {}) => ({ name: 'Platform', timeZone: 'Europe/Berlin', layers: [layer()], ...over })

async function create(over: Record<string, unknown> = {}): Promise<Schedule> {
  const r = await admin('POST', '/api/schedules', { body: body(over) })
  expect(r.status, r.text).toBe(201)
  expect(r.headers.get('location')).toBe(`/api/schedules/${r.body.id}`)
  return scheduleSchema.parse(r.body)
}

describe('schedules', () => {
  it('are created, read, listed, changed and deleted', async () => {
    const s = await create({ overrides: [{ userId: people[2].id, start: '2026-03-27T10:00:00+01:00', end: '2026-03-27T12:00:00+01:00' }] })
    expect(s).toMatchObject({
      id: expect.stringMatching(/^sch_/),
      name: 'Platform',
      timeZone: 'Europe/Berlin',
      layers: [{ name: 'Primary', start: '2026-03-26T08:00:00.000Z', rotation: 'daily', lengthHours: null, handoffTime: '09:00', users: people.slice(0, 2).map((p) => p.id) }],
      overrides: [{ userId: people[2].id, start: '2026-03-27T09:00:00.000Z', end: '2026-03-27T11:00:00.000Z' }],
    })
    expect((await reader('GET', `/api/schedules/${s.id}`)).body).toEqual(s)
    const list = await reader('GET', '/api/schedules')
    expect(list.status).toBe(200)
    expect(list.body.schedules.map((x: Schedule) => x.id)).toContain(s.id)

    const patched = await admin('PATCH', `/api/schedules/${s.id}`, {
      body: { name: 'Platform night', layers: [layer({ rotation: 'hours', lengthHours: 12, users: [people[2].id] })], overrides: [] },
    })
    expect(patched.status, patched.text).toBe(200)
    expect(patched.body).toMatchObject({ name: 'Platform night', timeZone: 'Europe/Berlin', layers: [{ rotation: 'hours', lengthHours: 12, users: [people[2].id] }], overrides: [] })

    const timeZoneOnly = await admin('PATCH', `/api/schedules/${s.id}`, { body: { timeZone: 'America/New_York' } })
    expect(timeZoneOnly.body.layers).toEqual(patched.body.layers)

    expect((await admin('DELETE', `/api/schedules/${s.id}`)).status).toBe(204)
    expectError(await reader('GET', `/api/schedules/${s.id}`), 404, 'NOT_FOUND')
    expectError(await admin('DELETE', `/api/schedules/${s.id}`), 404, 'NOT_FOUND')
  })

  it('are written by admins only and read with incidents:read', async () => {
    const s = await create()
    expectError(await w.api('POST', '/api/schedules', { body: body() }), 403, 'FORBIDDEN')
    expectError(await w.api('PATCH', `/api/schedules/${s.id}`, { body: { name: 'x' } }), 403, 'FORBIDDEN')
    expectError(await w.api('DELETE', `/api/schedules/${s.id}`), 403, 'FORBIDDEN')
    expectError(await client(baseUrl)('GET', '/api/schedules'), 401, 'UNAUTHORIZED')
    expectError(await client(baseUrl)('GET', '/api/oncall'), 401, 'UNAUTHORIZED')
    const eventsOnly = await w.withScopes(['events:write'])
    expectError(await eventsOnly('GET', `/api/schedules/${s.id}/shifts`), 403, 'FORBIDDEN')
    expect((await reader('GET', `/api/schedules/${s.id}/shifts`)).status).toBe(200)
    expectError(await reader('PUT', `/api/schedules/${s.id}`, { body: {} }), 405, 'METHOD_NOT_ALLOWED')
  })

  it('refuse bad input with 422 naming the field, never a 500', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [body({ timeZone: 'Mars/Olympus' }), 'timeZone'],
      [body({ timeZone: 'CEST' }), 'timeZone'],
      [body({ layers: [layer({ handoffTime: '9:00' })] }), 'layers'],
      [body({ layers: [layer({ handoffTime: '24:00' })] }), 'layers'],
      [body({ layers: [layer({ users: [] })] }), 'layers'],
      [body({ layers: [layer({ rotation: 'monthly' })] }), 'layers'],
      [body({ layers: [layer({ rotation: 'hours' })] }), 'layers'],
      [body({ layers: [layer({ start: 'tomorrow' })] }), 'layers'],
      [body({ layers: [layer({ users: ['usr_nobody'] })] }), 'layers[0].users[0]'],
      [body({ layers: [layer({ users: [people[0].id, disabledId] })] }), 'layers[0].users[1]'],
      [body({ overrides: [{ userId: 'usr_nobody', start: '2026-04-01T00:00:00Z', end: '2026-04-02T00:00:00Z' }] }), 'overrides[0].userId'],
      [body({ overrides: [{ userId: people[0].id, start: '2026-04-02T00:00:00Z', end: '2026-04-01T00:00:00Z' }] }), 'overrides'],
      [body({ id: 'sch_mine' }), 'id'],
      [{ timeZone: 'UTC', layers: [] }, 'name'],
    ]
    for (const [b, field] of cases) expectError(await admin('POST', '/api/schedules', { body: b }), 422, 'VALIDATION_ERROR', field)
    expectError(await admin('POST', '/api/schedules', { body: '{"name":' }), 400, 'INVALID_REQUEST')
    const s = await create()
    expectError(await admin('PATCH', `/api/schedules/${s.id}`, { body: {} }), 422, 'VALIDATION_ERROR')
    expectError(await admin('PATCH', '/api/schedules/sch_nope', { body: { name: 'x' } }), 404, 'NOT_FOUND')
  })

  it('refuse overlapping overrides with 422 and keep what was stored', async () => {
    const s = await create()
    const overlapping = [
      { userId: people[0].id, start: '2026-04-01T00:00:00Z', end: '2026-04-02T00:00:00Z' },
      { userId: people[1].id, start: '2026-04-01T23:00:00Z', end: '2026-04-03T00:00:00Z' },
    ]
    const e = expectError(await admin('PATCH', `/api/schedules/${s.id}`, { body: { overrides: overlapping } }), 422, 'VALIDATION_ERROR', 'overrides')
    expect(e.message).toMatch(/overlaps overrides\[0\]/)
    expect((await reader('GET', `/api/schedules/${s.id}`)).body.overrides).toEqual([])
    // Touching ends are not an overlap.
    const touching = [overlapping[0], { ...overlapping[1], start: '2026-04-02T00:00:00Z' }]
    expect((await admin('PATCH', `/api/schedules/${s.id}`, { body: { overrides: touching } })).status).toBe(200)
  })
})

describe('shifts', () => {
  it('keep a daily 09:00 Europe/Berlin handoff at 09:00 across the spring change, with overrides marked', async () => {
    const s = await create({ overrides: [{ userId: people[2].id, start: '2026-03-30T12:00:00Z', end: '2026-03-30T14:00:00Z' }] })
    const r = await reader('GET', `/api/schedules/${s.id}/shifts?from=2026-03-28T00:00:00Z&to=2026-03-31T00:00:00Z`)
    expect(r.status, r.text).toBe(200)
    const { shifts, layers, overrides } = shiftsSchema.parse(r.body)
    const [a, b, c] = people
    expect(shifts.map((x) => [x.start, x.end, x.user.id])).toEqual([
      ['2026-03-28T00:00:00.000Z', '2026-03-28T08:00:00.000Z', b.id],
      ['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', a.id],
      ['2026-03-29T07:00:00.000Z', '2026-03-30T07:00:00.000Z', b.id],
      ['2026-03-30T07:00:00.000Z', '2026-03-30T12:00:00.000Z', a.id],
      ['2026-03-30T12:00:00.000Z', '2026-03-30T14:00:00.000Z', c.id],
      ['2026-03-30T14:00:00.000Z', '2026-03-31T00:00:00.000Z', a.id],
    ])
    expect(shifts[1].user).toEqual({ id: a.id, name: a.name, email: a.email })
    expect(layers).toHaveLength(1)
    expect(layers[0].shifts).toHaveLength(4)
    expect(overrides.map((o) => o.user.id)).toEqual([c.id])
  })

  it('refuse a bad window with 422 and an unknown schedule with 404', async () => {
    const s = await create()
    const q = (query: string) => reader('GET', `/api/schedules/${s.id}/shifts?${query}`)
    expectError(await q('from=2026-04-02T00:00:00Z&to=2026-04-01T00:00:00Z'), 422, 'VALIDATION_ERROR', 'to')
    expectError(await q('from=2026-04-01T00:00:00Z&to=2026-04-01T00:00:00Z'), 422, 'VALIDATION_ERROR', 'to')
    expectError(await q('from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:01Z'), 422, 'VALIDATION_ERROR', 'to')
    expectError(await q('from=yesterday'), 422, 'VALIDATION_ERROR', 'from')
    expect((await q('from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z')).status).toBe(200)
    expectError(await reader('GET', '/api/schedules/sch_nope/shifts'), 404, 'NOT_FOUND')
  })
})

describe('on call now', () => {
  it('names who is on call on every schedule and until when; a gap is null', async () => {
    const always = await create({ name: 'Always', timeZone: 'UTC', layers: [layer({ start: '2020-01-01T00:00:00Z', users: [people[0].id] })] })
    const rotating = await create({ name: 'Rotating', timeZone: 'UTC', layers: [layer({ start: '2020-01-01T09:00:00Z', rotation: 'hours', lengthHours: 1, users: [people[0].id, people[1].id] })] })
    const later = await create({ name: 'Later', layers: [layer({ start: '2099-01-01T00:00:00Z' })] })
    const r = await reader('GET', '/api/oncall')
    expect(r.status, r.text).toBe(200)
    const { oncall } = onCallSchema.parse(r.body)
    const of = (id: string) => oncall.find((o) => o.schedule.id === id)!
    expect(of(always.id)).toEqual({ schedule: { id: always.id, name: 'Always' }, user: people[0], until: null })
    const hourEnd = new Date(Math.ceil((Date.now() + 1) / 3_600_000) * 3_600_000)
    expect(Date.parse(of(rotating.id).until!)).toBeGreaterThanOrEqual(hourEnd.getTime() - 3_600_000)
    expect(Date.parse(of(rotating.id).until!)).toBeLessThanOrEqual(hourEnd.getTime())
    expect(of(later.id)).toMatchObject({ user: null, until: null })
  })
})
