// POST /api/incidents: the body's rules, the answer and the created event.
import { beforeAll, describe, expect, it } from 'vitest'
import { updateUser } from '@/lib/directory/users'
import { incidentSchema } from '@/lib/schemas/incidents'
import { expectError, makeUser, world, type World } from './helpers'

let w: World
let keyId: string

beforeAll(async () => {
  w = await world()
  keyId = (await w.api('GET', '/api/auth/me')).body.apiKey.id
})

const post = (body: unknown) => w.api('POST', '/api/incidents', { body })

describe('a valid create', () => {
  it('answers 201 with the whole incident and a Location header', async () => {
    const r = await post({ title: 'Database timeout', serviceId: w.serviceId })
    expect(r.status).toBe(201)
    const i = incidentSchema.strict().parse(r.body)
    expect(r.headers.get('location')).toBe(`/api/incidents/${i.id}`)
    expect(i.id).toMatch(/^inc_/)
    expect(i).toMatchObject({
      title: 'Database timeout',
      description: null,
      status: 'OPEN',
      urgency: 'HIGH',
      priority: null,
      assignee: null,
      acknowledgedAt: null,
      resolvedAt: null,
      snoozedUntil: null,
    })
    expect(i.service).toEqual({ id: w.serviceId, name: expect.any(String) })
    expect(i.createdAt).toBe(i.updatedAt)
    expect(Math.abs(Date.parse(i.createdAt) - Date.now())).toBeLessThan(60_000)
    // What the create answered is what a read gives.
    const read = await w.get(i.id)
    expect(incidentSchema.parse(read)).toEqual(i)
    expect(read.timeline).toHaveLength(1)
  })

  it('takes every optional field, enums in any case', async () => {
    const user = await makeUser(w.db)
    const r = await post({ title: 'Full', serviceId: w.serviceId, description: 'details', urgency: 'low', priority: 'p2', assigneeId: user.id })
    expect(r.status, r.text).toBe(201)
    expect(incidentSchema.parse(r.body)).toMatchObject({
      description: 'details',
      urgency: 'LOW',
      priority: 'P2',
      assignee: { id: user.id, name: user.name, email: user.email },
    })
  })

  it('accepts null for description, priority and assigneeId', async () => {
    const r = await post({ title: 'Nulls', serviceId: w.serviceId, description: null, priority: null, assigneeId: null })
    expect(r.status, r.text).toBe(201)
    expect(r.body).toMatchObject({ description: null, priority: null, assignee: null })
  })

  it('stores the title trimmed; 255 characters after trimming are fine', async () => {
    const title = 'é'.repeat(255)
    const r = await post({ title: `  \n${title}\t `, serviceId: w.serviceId })
    expect(r.status, r.text).toBe(201)
    expect(r.body.title).toBe(title)
  })

  it('answers and stores a lone UTF-16 surrogate as U+FFFD, the same in both', async () => {
    const created = await w.create({ title: 'half a pair \ud800 here' })
    expect(created.title).toBe('half a pair \ufffd here')
    expect((await w.get(created.id)).title).toBe(created.title)
  })

  it('takes a description of 10 000 characters', async () => {
    const r = await post({ title: 'long', serviceId: w.serviceId, description: 'd'.repeat(10_000) })
    expect(r.status, r.text).toBe(201)
    expect(r.body.description).toHaveLength(10_000)
  })

  it('writes a created event by the key, in the same answer as a read', async () => {
    const i = await w.create({ urgency: 'LOW' })
    const { timeline } = await w.get(i.id)
    expect(timeline).toHaveLength(1)
    expect(timeline[0]).toMatchObject({ type: 'created', at: i.createdAt, actor: { type: 'apiKey', id: keyId } })
    expect(timeline[0].id).toMatch(/^evt_/)
  })

  it('numbers start at 1 on a fresh installation', async () => {
    await w.create()
    const first = await w.db.read.incident.findFirst({ orderBy: { number: 'asc' }, select: { number: true } })
    expect(first?.number).toBe(1)
  })

  it('numbers grow by one per created incident', async () => {
    const a = await w.create()
    const b = await w.create()
    const c = await w.create()
    expect([b.number - a.number, c.number - b.number]).toEqual([1, 1])
  })

  it('a refused create uses up no number and creates nothing', async () => {
    const before = await w.create()
    const count = await w.db.read.incident.count()
    expectError(await post({ title: 'x', serviceId: 'svc_unknown' }), 422, 'VALIDATION_ERROR', 'serviceId')
    expectError(await post({ title: '' }), 422, 'VALIDATION_ERROR')
    expect(await w.db.read.incident.count()).toBe(count)
    expect((await w.create()).number).toBe(before.number + 1)
  })
})

describe('422 VALIDATION_ERROR naming the field', () => {
  const cases: [string, () => Record<string, unknown>, string][] = [
    ['title missing', () => ({ serviceId: w.serviceId }), 'title'],
    ['title empty', () => ({ title: '', serviceId: w.serviceId }), 'title'],
    ['title only spaces', () => ({ title: '   ', serviceId: w.serviceId }), 'title'],
    ['title of 256 characters', () => ({ title: 'a'.repeat(256), serviceId: w.serviceId }), 'title'],
    ['title not a string', () => ({ title: 42, serviceId: w.serviceId }), 'title'],
    ['title null', () => ({ title: null, serviceId: w.serviceId }), 'title'],
    ['serviceId missing', () => ({ title: 't' }), 'serviceId'],
    ['serviceId empty', () => ({ title: 't', serviceId: '' }), 'serviceId'],
    ['serviceId not a string', () => ({ title: 't', serviceId: 7 }), 'serviceId'],
    ['description of 10 001 characters', () => ({ title: 't', serviceId: w.serviceId, description: 'd'.repeat(10_001) }), 'description'],
    ['description not a string', () => ({ title: 't', serviceId: w.serviceId, description: ['x'] }), 'description'],
    ['urgency unknown', () => ({ title: 't', serviceId: w.serviceId, urgency: 'MEDIUM' }), 'urgency'],
    ['urgency null', () => ({ title: 't', serviceId: w.serviceId, urgency: null }), 'urgency'],
    ['priority unknown', () => ({ title: 't', serviceId: w.serviceId, priority: 'P0' }), 'priority'],
    ['assigneeId not a string', () => ({ title: 't', serviceId: w.serviceId, assigneeId: 5 }), 'assigneeId'],
  ]
  it.each(cases)('%s', async (_, body, field) => {
    const error = expectError(await post(body()), 422, 'VALIDATION_ERROR', field)
    expect(error.details!.every((d) => d.message.length > 0)).toBe(true)
  })

  it('a field of the wrong type says what was sent, not that it is missing', async () => {
    const error = expectError(await post({ title: 123, serviceId: w.serviceId }), 422, 'VALIDATION_ERROR', 'title')
    expect(error.details).toEqual([{ field: 'title', message: 'must be a string, not the number 123' }])
    expect(error.message).toBe('title must be a string, not the number 123')
  })

  it('a missing field says it is required', async () => {
    const error = expectError(await post({ serviceId: w.serviceId }), 422, 'VALIDATION_ERROR', 'title')
    expect(error.details).toEqual([{ field: 'title', message: 'is required' }])
    expect(error.message).toContain('title')
  })

  it('names every bad field at once', async () => {
    const error = expectError(await post({ title: '', urgency: 'x' }), 422, 'VALIDATION_ERROR')
    expect(error.details!.map((d) => d.field).sort()).toEqual(['serviceId', 'title', 'urgency'])
  })

  it('refuses unknown fields, each named', async () => {
    for (const extra of ['id', 'number', 'status', 'createdAt', 'acknowledgedAt', 'snoozeMinutes', 'service', 'Title']) {
      const r = await post({ title: 't', serviceId: w.serviceId, [extra]: 'x' })
      const error = expectError(r, 422, 'VALIDATION_ERROR', extra)
      expect(error.details!.find((d) => d.field === extra)?.message).toBe('unknown field')
    }
  })

  it('an unknown serviceId names serviceId', async () => {
    const error = expectError(await post({ title: 't', serviceId: 'svc_01nope' }), 422, 'VALIDATION_ERROR', 'serviceId')
    expect(error.details).toHaveLength(1)
  })

  it('an unknown or disabled assigneeId names assigneeId', async () => {
    expectError(await post({ title: 't', serviceId: w.serviceId, assigneeId: 'usr_01nope' }), 422, 'VALIDATION_ERROR', 'assigneeId')
    const user = await makeUser(w.db)
    await updateUser(w.db, user.id, { disabled: true })
    expectError(await post({ title: 't', serviceId: w.serviceId, assigneeId: user.id }), 422, 'VALIDATION_ERROR', 'assigneeId')
  })
})
