// Simultaneous writes: no update is lost or half-applied, no event is written twice.
import { beforeAll, describe, expect, it } from 'vitest'
import { incidentListSchema, incidentSchema } from '@/lib/schemas/incidents'
import { eventTypes, expectError, makeService, makeUser, unique, world, type World } from './helpers'

let w: World

beforeAll(async () => {
  w = await world()
})

describe('concurrency', () => {
  it('20 simultaneous acknowledges: all 200, exactly one acknowledged event', async () => {
    const i = await w.create()
    const other = await w.withScopes(['incidents:write'])
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, n) => (n % 2 ? other : w.api)('PATCH', `/api/incidents/${i.id}`, { body: { status: 'ACKNOWLEDGED' } })),
    )
    for (const r of answers) expect(r.status, r.text).toBe(200)
    const bodies = answers.map((r) => incidentSchema.parse(r.body))
    expect(new Set(bodies.map((b) => b.status))).toEqual(new Set(['ACKNOWLEDGED']))
    expect(new Set(bodies.map((b) => b.acknowledgedAt)).size).toBe(1)
    expect(new Set(answers.map((r) => r.headers.get('etag'))).size).toBe(1)
    expect(eventTypes(await w.get(i.id))).toEqual(['created', 'acknowledged'])
  })

  it('simultaneous creates get distinct, consecutive numbers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => w.api('POST', '/api/incidents', { body: { title: unique('race'), serviceId: w.serviceId } })),
    )
    for (const r of answers) expect(r.status, r.text).toBe(201)
    const numbers = answers.map((r) => r.body.number as number).sort((a, b) => a - b)
    expect(new Set(numbers).size).toBe(20)
    expect(numbers.at(-1)! - numbers[0]).toBe(19)
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(20)
  })

  it('simultaneous changes to different fields are all kept, each with its event', async () => {
    const user = await makeUser(w.db)
    const i = await w.create()
    const bodies = [{ status: 'ACKNOWLEDGED' }, { urgency: 'LOW' }, { priority: 'P2' }, { title: 'Renamed' }, { description: 'text' }, { assigneeId: user.id }]
    const answers = await Promise.all(bodies.map((body) => w.patch(i.id, body)))
    for (const r of answers) expect(r.status, r.text).toBe(200)
    const after = await w.get(i.id)
    expect(after).toMatchObject({ status: 'ACKNOWLEDGED', urgency: 'LOW', priority: 'P2', title: 'Renamed', description: 'text', assignee: { id: user.id } })
    expect(eventTypes(after).sort()).toEqual(['acknowledged', 'assigned', 'created', 'priority_changed', 'updated', 'updated', 'urgency_changed'])
  })

  it('racing transitions leave the status, its events and the totals in step', async () => {
    const serviceId = (await makeService(w.db)).id
    const i = await w.create({ serviceId })
    const moves = ['ACKNOWLEDGED', 'RESOLVED', 'SNOOZED', 'OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'OPEN', 'SNOOZED', 'RESOLVED', 'ACKNOWLEDGED']
    const answers = await Promise.all(moves.map((status) => w.patch(i.id, { status })))
    for (const r of answers) {
      if (r.status !== 200) expectError(r, 409, 'INVALID_TRANSITION')
    }
    const after = await w.get(i.id)
    const statusEvents = after.timeline.filter((e) => e.details.to !== undefined && e.type !== 'created' && e.details.field === undefined)
    // Each status event starts where the one before it ended.
    let status = 'OPEN'
    for (const e of statusEvents) {
      expect(e.details.from).toBe(status)
      status = e.details.to as string
    }
    expect(after.status).toBe(status)
    for (const s of ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'SNOOZED']) {
      const list = incidentListSchema.parse((await w.api('GET', `/api/incidents?serviceId=${serviceId}&status=${s}`)).body)
      expect(list.total, s).toBe(s === after.status ? 1 : 0)
      expect(list.incidents.length).toBe(list.total)
    }
  })
})
