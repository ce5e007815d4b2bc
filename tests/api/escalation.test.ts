// The escalation engine over HTTP, against the built app and its background sweep: each step, the
// assignment, repeats, stop on acknowledge/resolve/snooze, restart at step 1 on un-acknowledge,
// reopen and wake, LOW urgency stopping after step 1, a step that reaches nobody, and the
// incident.escalated webhook. The clock is moved the way the snooze tests move it: a due time is
// set back in the database, and the server's own sweep (every 200 ms here) does the rest.
import { beforeAll, describe, expect, it } from 'vitest'
import { updateUser } from '@/lib/directory/users'
import { createSchedule } from '@/lib/oncall/schedules'
import { createScheduleSchema } from '@/lib/schemas/schedules'
import type { IncidentWithTimeline } from '@/lib/schemas/incidents'
import { adminSession, makeService, makeUser, sleep, subscribed, world, type Api, type World } from './helpers'

let w: World
let admin: Api
let alice: { id: string; name: string; email: string }
let bob: { id: string; name: string; email: string }

beforeAll(async () => {
  w = await world()
  admin = await adminSession(w.db)
  alice = await makeUser(w.db)
  bob = await makeUser(w.db)
})

const person = (u: typeof alice) => ({ id: u.id, name: u.name, email: u.email })

/** A new service paging through a new policy with these steps (user ids, or `sch_…` schedule ids) and repeats. */
async function escalatingService(steps: string[][], repeat = 0): Promise<string> {
  const service = await makeService(w.db)
  const target = (id: string) => ({ type: id.startsWith('sch_') ? 'schedule' : 'user', id })
  const body = { name: `policy ${service.name}`, repeat, steps: steps.map((ids) => ({ targets: ids.map(target), escalateAfterMinutes: 5 })) }
  const p = await admin('POST', '/api/escalation-policies', { body })
  expect(p.status, p.text).toBe(201)
  const r = await admin('PATCH', `/api/services/${service.id}`, { body: { escalationPolicyId: p.body.id } })
  expect(r.status, r.text).toBe(200)
  return service.id
}

const escalations = (i: IncidentWithTimeline) => i.timeline.filter((e) => e.type === 'escalated').map((e) => e.details)
const dueAt = async (id: string) => (await w.db.read.incident.findUniqueOrThrow({ where: { id }, select: { escalationDueAt: true } })).escalationDueAt

/**
 * Waits (for the sweep) until the incident has `count` escalated events, and returns it read
 * afresh: one GET reads the incident and its timeline in two queries, so the read that first
 * sees an event may have read the incident just before the change that wrote it.
 */
async function untilEscalated(id: string, count: number): Promise<IncidentWithTimeline> {
  for (let waited = 0; waited < 8_000; waited += 50) {
    if (escalations(await w.get(id)).length >= count) break
    await sleep(50)
  }
  return w.get(id)
}

/** The step's time runs out: its due time is moved to now, as a clock moved forward would. */
async function timeRunsOut(id: string) {
  const due = await dueAt(id)
  expect(due, 'a step is due later').not.toBeNull()
  expect(due!.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000)
  await w.db.transaction((tx) => tx.incident.updateMany({ where: { id, escalationDueAt: due }, data: { escalationDueAt: new Date() } }))
}

/** Gives the sweep time to run several times, then says how many steps fired. */
async function settled(id: string) {
  await sleep(700)
  return escalations(await w.get(id)).length
}

describe('escalation', () => {
  it('fires step 1 at once, assigns the first person reached, then each step and pass once, then stops', async () => {
    const serviceId = await escalatingService([[alice.id], [bob.id, alice.id]], 1)
    const { id } = await w.create({ serviceId, urgency: 'HIGH' })

    let i = await untilEscalated(id, 1)
    expect(escalations(i)).toEqual([{ step: 1, pass: 0, people: [person(alice)] }])
    expect(i.assignee?.id).toBe(alice.id)
    const fired = i.timeline.find((e) => e.type === 'escalated')!
    expect(fired.actor).toEqual({ type: 'system', name: 'system' })
    expect(i.timeline.filter((e) => e.type === 'assigned').map((e) => e.details)).toEqual([{ from: null, to: alice.id }])

    await timeRunsOut(id)
    i = await untilEscalated(id, 2)
    expect(escalations(i)[1]).toEqual({ step: 2, pass: 0, people: [person(bob), person(alice)] })
    expect(i.assignee?.id).toBe(alice.id) // already assigned: not moved

    await timeRunsOut(id)
    expect(escalations(await untilEscalated(id, 3))[2]).toEqual({ step: 1, pass: 1, people: [person(alice)] })
    await timeRunsOut(id)
    expect(escalations(await untilEscalated(id, 4))[3]).toEqual({ step: 2, pass: 1, people: [person(bob), person(alice)] })
    expect(await dueAt(id)).toBeNull()
    expect(await settled(id)).toBe(4)
  })

  it('stops on acknowledge and starts again at step 1 on un-acknowledge', async () => {
    const serviceId = await escalatingService([[alice.id], [bob.id]])
    const { id } = await w.create({ serviceId, urgency: 'HIGH', assigneeId: bob.id })
    expect(escalations(await untilEscalated(id, 1))).toEqual([{ step: 1, pass: 0, people: [person(alice)] }])
    expect((await w.get(id)).assignee?.id).toBe(bob.id) // it had an assignee

    expect((await w.patch(id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    expect(await dueAt(id)).toBeNull()
    expect(await settled(id)).toBe(1)

    expect((await w.patch(id, { status: 'OPEN' })).status).toBe(200)
    expect(escalations(await untilEscalated(id, 2))[1]).toEqual({ step: 1, pass: 0, people: [person(alice)] })
  })

  it('stops on resolve and starts again at step 1 on reopen', async () => {
    const serviceId = await escalatingService([[alice.id], [bob.id]])
    const { id } = await w.create({ serviceId, urgency: 'HIGH' })
    await untilEscalated(id, 1)
    await timeRunsOut(id)
    await untilEscalated(id, 2)
    expect((await w.patch(id, { status: 'RESOLVED' })).status).toBe(200)
    expect(await dueAt(id)).toBeNull()
    expect((await w.patch(id, { status: 'OPEN' })).status).toBe(200)
    expect(escalations(await untilEscalated(id, 3))[2]).toEqual({ step: 1, pass: 0, people: [person(alice)] })
  })

  it('stops on snooze and starts again at step 1 when the snooze runs out', async () => {
    const serviceId = await escalatingService([[alice.id], [bob.id]])
    const { id } = await w.create({ serviceId, urgency: 'HIGH' })
    await untilEscalated(id, 1)
    expect((await w.patch(id, { status: 'SNOOZED', snoozeMinutes: 30 })).status).toBe(200)
    expect(await dueAt(id)).toBeNull()
    expect(await settled(id)).toBe(1)
    await w.db.transaction((tx) => tx.incident.update({ where: { id }, data: { snoozedUntil: new Date() } }))
    const i = await untilEscalated(id, 2)
    expect(i.status).toBe('OPEN')
    expect(escalations(i)[1]).toEqual({ step: 1, pass: 0, people: [person(alice)] })
  })

  it('fires only step 1 for a LOW-urgency incident', async () => {
    const serviceId = await escalatingService([[alice.id], [bob.id]], 3)
    const { id } = await w.create({ serviceId, urgency: 'LOW' })
    expect(escalations(await untilEscalated(id, 1))).toEqual([{ step: 1, pass: 0, people: [person(alice)] }])
    expect(await dueAt(id)).toBeNull()
    expect(await settled(id)).toBe(1)
  })

  it('says so when a step reaches nobody, assigns nobody, and moves on', async () => {
    const gone = await makeUser(w.db)
    const serviceId = await escalatingService([[gone.id], [alice.id]])
    await updateUser(w.db, gone.id, { disabled: true })
    const { id } = await w.create({ serviceId, urgency: 'HIGH' })
    const i = await untilEscalated(id, 1)
    expect(escalations(i)).toEqual([{ step: 1, pass: 0, people: [], reachedNobody: true }])
    expect(i.assignee).toBeNull()
    await timeRunsOut(id)
    const next = await untilEscalated(id, 2)
    expect(escalations(next)[1]).toEqual({ step: 2, pass: 0, people: [person(alice)] })
    expect(next.assignee?.id).toBe(alice.id)
  })

  it('reaches whoever is on call on a schedule target, and nobody in a gap', async () => {
    const layer = (users: string[], start: string) => ({ start, rotation: 'daily', handoffTime: '09:00', users })
    const onCall = await createSchedule(w.db, createScheduleSchema.parse({ name: 'primary', timeZone: 'Europe/Berlin', layers: [layer([bob.id], '2020-01-01T00:00:00Z')] }))
    const future = await createSchedule(w.db, createScheduleSchema.parse({ name: 'not yet', timeZone: 'UTC', layers: [layer([alice.id], '2099-01-01T00:00:00Z')] }))
    const serviceId = await escalatingService([[future.id, onCall.id], [future.id]])
    const { id } = await w.create({ serviceId, urgency: 'HIGH' })
    const i = await untilEscalated(id, 1)
    expect(escalations(i)).toEqual([{ step: 1, pass: 0, people: [person(bob)] }])
    expect(i.assignee?.id).toBe(bob.id)
    await timeRunsOut(id)
    expect(escalations(await untilEscalated(id, 2))[1]).toEqual({ step: 2, pass: 0, people: [], reachedNobody: true })
  })

  it('the incident says which step fires next and when, and nothing once escalation stops', async () => {
    const serviceId = await escalatingService([[alice.id], [bob.id]])
    const { id } = await w.create({ serviceId, urgency: 'HIGH' })
    const i = await untilEscalated(id, 1)
    const fired = Date.parse(i.timeline.find((e) => e.type === 'escalated')!.at)
    expect(i.escalation).toEqual({ step: 2, pass: 0, dueAt: expect.any(String) })
    // Step 1 waits its escalateAfterMinutes (5) from when it fired.
    expect(Math.abs(Date.parse(i.escalation!.dueAt) - fired - 5 * 60_000)).toBeLessThan(2_000)
    expect((await w.patch(id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    expect((await w.get(id)).escalation).toBeNull()
  })

  it('never touches incidents of a service without a policy', async () => {
    const { id } = await w.create({ urgency: 'HIGH' })
    expect((await w.get(id)).escalation).toBeNull()
    expect(await dueAt(id)).toBeNull()
    expect(await settled(id)).toBe(0)
  })

  it('sends incident.escalated and incident.assigned webhooks, in the change that fires the step', async () => {
    const serviceId = await escalatingService([[alice.id]])
    await subscribed(w, serviceId)
    const { id } = await w.create({ serviceId, urgency: 'HIGH' })
    const i = await untilEscalated(id, 1)
    const events = new Map(i.timeline.map((e) => [e.id, e.type]))
    const messages = await w.db.read.webhookMessage.findMany({ where: { incidentId: id, kind: 'webhook' }, select: { type: true, eventId: true } })
    expect(messages.map((m) => m.type).sort()).toEqual(['incident.assigned', 'incident.escalated', 'incident.triggered'])
    for (const m of messages) expect(events.has(m.eventId)).toBe(true)
  })
})
