// The outbox commits with the change (docs/architecture.md, "Writes"): a change whose timeline
// event cannot be written stores no message, and a change whose message cannot be written leaves
// no incident, event or count behind. On PostgreSQL a create and a status change are one chained
// statement, and the outbox insert is a part of it.
import { beforeAll, describe, expect, it } from 'vitest'
import { failWrites, literal } from '../support/faults'
import { invariantViolations } from '../support/invariants'
import { expectError, makeService, unique, world, type World } from './helpers'

let w: World

beforeAll(async () => {
  w = await world()
})

/** A subscription to every type of one service, written straight to the table (no admin session needed). */
async function subscribed(serviceId: string): Promise<string> {
  const now = new Date()
  const id = `whk_${unique('outbox').replace(/\W+/g, '')}`
  await w.db.transaction((tx) =>
    tx.webhookSubscription.create({
      data: {
        id,
        url: 'http://192.0.2.1/never',
        events: ' * ',
        serviceIds: ` ${serviceId} `,
        format: 'standard',
        enabled: false,
        secret: 'whsec_AAAA',
        createdAt: now,
        updatedAt: now,
      },
    }),
  )
  // Enabled only now, so the worker of the server under test has nothing it could claim before.
  await w.db.transaction((tx) => tx.webhookSubscription.updateMany({ where: { serviceIds: ` ${serviceId} ` }, data: { enabled: true } }))
  return id
}

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
    await subscribed(serviceId)
    const incident = await w.create({ serviceId })
    expect((await w.patch(incident.id, { status: 'ACKNOWLEDGED', title: unique('renamed') })).status).toBe(200)
    const { events, messages } = await rows(serviceId)
    expect(events.map((e) => e.type).sort()).toEqual(['acknowledged', 'created', 'updated'])
    const stored = await w.db.read.webhookMessage.findMany({ where: { incidentId: incident.id } })
    expect(stored.map((m) => m.type).sort()).toEqual(['incident.acknowledged', 'incident.triggered'])
    expect(messages).toHaveLength(2)
  })

  for (const [table, label] of [
    ['TimelineEvent', 'its event'],
    ['WebhookMessage', 'its message'],
  ] as const) {
    it(`undoes a create and a status change whose write to ${label} fails`, async () => {
      const serviceId = (await makeService(w.db)).id
      const subscriptionId = await subscribed(serviceId)
      const incident = await w.create({ serviceId })
      const before = await rows(serviceId)
      const fault = await failWrites(
        w.db,
        table,
        table === 'TimelineEvent'
          ? `NEW."details" LIKE ${literal(`%${serviceId}%`)} OR NEW."incidentId" = ${literal(incident.id)}`
          : `NEW."subscriptionId" = ${literal(subscriptionId)}`,
      )
      try {
        expectError(await w.patch(incident.id, { status: 'ACKNOWLEDGED' }), 500, 'INTERNAL_ERROR')
        expectError(await w.api('POST', '/api/incidents', { body: { title: unique('outbox create'), serviceId } }), 500, 'INTERNAL_ERROR')
      } finally {
        await fault.disarm()
      }
      expect(await rows(serviceId)).toEqual(before)
      expect(await invariantViolations(w.db)).toEqual([])
    })
  }
})
