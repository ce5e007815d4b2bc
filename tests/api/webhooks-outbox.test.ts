// The outbox stores one message per event that sends one, with the change. That a failed write of
// either undoes both is in atomicity.test.ts.
import { beforeAll, describe, expect, it } from 'vitest'
import { makeService, subscribed, unique, world, type World } from './helpers'

let w: World

beforeAll(async () => {
  w = await world()
})

const rows = async (serviceId: string) => {
  const [incidents, events, messages, counts] = await Promise.all([
    w.db.read.incident.findMany({ where: { serviceId }, orderBy: { id: 'asc' } }),
    w.db.read.timelineEvent.findMany({ where: { incident: { serviceId } }, orderBy: { id: 'asc' } }),
    w.db.read.webhookMessage.findMany({ where: { subscription: { serviceIds: ` ${serviceId} ` } }, orderBy: { id: 'asc' } }),
    w.db.read.incidentCount.findMany({ where: { serviceId }, orderBy: { status: 'asc' } }),
  ])
  return { incidents, events, messages: messages.map((m) => m.id), counts }
}

describe('the outbox', () => {
  it('stores one message per event that sends one, with the change', async () => {
    const serviceId = (await makeService(w.db)).id
    await subscribed(w, serviceId)
    const incident = await w.create({ serviceId })
    expect((await w.patch(incident.id, { status: 'ACKNOWLEDGED', title: unique('renamed') })).status).toBe(200)
    const { events, messages } = await rows(serviceId)
    expect(events.map((e) => e.type).sort()).toEqual(['acknowledged', 'created', 'updated'])
    const stored = await w.db.read.webhookMessage.findMany({ where: { incidentId: incident.id } })
    expect(stored.map((m) => m.type).sort()).toEqual(['incident.acknowledged', 'incident.triggered'])
    expect(messages).toHaveLength(2)
  })
})
