// Notifications out over HTTP (contract, "Notifications out"): subscriptions through the admin
// API, every event type delivered to a real receiver on 127.0.0.1 and its signature checked with
// the Standard Webhooks reference library, filters, retries with one webhook-id, no retry on 4xx,
// the answer capped in the log, the Slack format, the test button and redeliver.
// The server under test runs with WEBHOOK_ALLOW_PRIVATE=1 (the receiver is on loopback); the
// address rule itself is tested in tests/unit/notify-deliver.test.ts and tests/system.
import { Webhook } from 'standardwebhooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { incidentNotificationListSchema, type IncidentNotification } from '@/lib/schemas/webhooks'
import { startReceiver, type Receiver } from '../support/receiver'
import { adminSession, expectError, makeService, makeUser, sleep, world, type Api, type World } from './helpers'

let w: World
let admin: Api
let receiver: Receiver

beforeAll(async () => {
  w = await world()
  // The admin API takes an admin's session.
  admin = await adminSession(w.db)
  receiver = await startReceiver()
})
afterAll(() => receiver?.close())

async function subscribe(body: Record<string, unknown>) {
  const r = await admin('POST', '/api/webhooks', { body })
  expect(r.status, r.text).toBe(201)
  return r.body as { id: string; secret: string; url: string }
}

const deliveries = async (id: string) => {
  const r = await admin('GET', `/api/webhooks/${id}/deliveries`)
  expect(r.status, r.text).toBe(200)
  return r.body.deliveries as { id: string; type: string; state: string; attempts: { status: number | null; outcome: string; response: string | null }[] }[]
}

/** Waits until `check` passes (it throws until then). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      return await check()
    } catch (e) {
      if (Date.now() > deadline) throw e
      await sleep(100)
    }
  }
}

describe('subscriptions', () => {
  it('are created with a secret shown once, listed without it, and need the admin scope', async () => {
    const created = await subscribe({ url: receiver.url('/shape'), events: ['incident.resolved'] })
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32)
    expect(created).toMatchObject({ format: 'standard', enabled: true, serviceIds: null, events: ['incident.resolved'] })
    const list = await admin('GET', '/api/webhooks')
    expect(list.status).toBe(200)
    const listed = list.body.webhooks.find((h: { id: string }) => h.id === created.id)
    expect(listed).toBeDefined()
    expect(listed.secret).toBeUndefined()
    expect(JSON.stringify(list.body)).not.toContain(created.secret.slice(6))
    expectError(await w.api('GET', '/api/webhooks'), 403, 'FORBIDDEN')
    expectError(await w.api('POST', '/api/webhooks', { body: { url: receiver.url('/x'), events: ['*'] } }), 403, 'FORBIDDEN')
  })

  it('refuse bad input with 422', async () => {
    expectError(await admin('POST', '/api/webhooks', { body: { url: 'ftp://example.com/', events: ['*'] } }), 422, 'VALIDATION_ERROR', 'url')
    expectError(await admin('POST', '/api/webhooks', { body: { url: receiver.url('/x'), events: ['incident.nope'] } }), 422, 'VALIDATION_ERROR')
    expectError(await admin('POST', '/api/webhooks', { body: { url: receiver.url('/x'), events: [] } }), 422, 'VALIDATION_ERROR', 'events')
    expectError(
      await admin('POST', '/api/webhooks', { body: { url: receiver.url('/x'), events: ['*'], serviceIds: ['svc_none'] } }),
      422,
      'VALIDATION_ERROR',
      'serviceIds',
    )
    expectError(await admin('PATCH', '/api/webhooks/whk_none', { body: { enabled: false } }), 404, 'NOT_FOUND')
  })
})

describe('delivery', () => {
  it('sends every event type, signed so the reference library verifies it', async () => {
    const serviceId = (await makeService(w.db)).id
    const hook = await subscribe({ url: receiver.url('/all'), events: ['*'], serviceIds: [serviceId] })
    const user = await makeUser(w.db)
    const incident = await w.create({ serviceId, urgency: 'HIGH' })
    for (const body of [
      { status: 'ACKNOWLEDGED' },
      { status: 'OPEN' },
      { status: 'SNOOZED', snoozeMinutes: 5 },
      { status: 'OPEN' },
      { assigneeId: user.id },
      { assigneeId: null },
      { urgency: 'LOW' },
      { priority: 'P1' },
      { title: 'renamed: sends nothing' },
      { status: 'RESOLVED' },
      { status: 'OPEN' },
    ]) {
      const r = await w.patch(incident.id, body)
      expect(r.status, r.text).toBe(200)
    }
    const timeline = (await w.get(incident.id)).timeline.filter((e) => e.type !== 'updated')
    const got = await receiver.waitFor('/all', timeline.length)
    await sleep(500)
    expect(receiver.at('/all')).toHaveLength(timeline.length)
    const verifier = new Webhook(hook.secret)
    const payloads = got.map((r) => verifier.verify(r.body, r.headers) as { type: string; timestamp: string; data: { incident: { id: string }; event: { id: string; type: string } } })
    const byEvent = new Map(payloads.map((p) => [p.data.event.id, p]))
    const mapped = (type: string) => (type === 'created' ? 'incident.triggered' : `incident.${type}`)
    for (const e of timeline) {
      expect(byEvent.get(e.id)?.type, e.type).toBe(mapped(e.type))
      expect(byEvent.get(e.id)?.timestamp).toBe(e.at)
      expect(byEvent.get(e.id)?.data.incident.id).toBe(incident.id)
    }
    expect(new Set(payloads.map((p) => p.type))).toEqual(
      new Set([
        'incident.triggered',
        'incident.acknowledged',
        'incident.unacknowledged',
        'incident.snoozed',
        'incident.unsnoozed',
        'incident.assigned',
        'incident.unassigned',
        'incident.urgency_changed',
        'incident.priority_changed',
        'incident.resolved',
        'incident.reopened',
      ]),
    )
    // One webhook-id per message; a tampered body fails verification.
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(got.length)
    expect(() => verifier.verify(got[0]!.body.replace('incident', 'incidenT'), got[0]!.headers)).toThrow()
  })

  it('filters by service and by type', async () => {
    const [mine, other] = [(await makeService(w.db)).id, (await makeService(w.db)).id]
    await subscribe({ url: receiver.url('/filtered'), events: ['incident.resolved'], serviceIds: [mine] })
    const elsewhere = await w.create({ serviceId: other })
    expect((await w.patch(elsewhere.id, { status: 'RESOLVED' })).status).toBe(200)
    const here = await w.create({ serviceId: mine })
    expect((await w.patch(here.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    expect((await w.patch(here.id, { status: 'RESOLVED' })).status).toBe(200)
    const [only] = await receiver.waitFor('/filtered', 1)
    await sleep(1000)
    expect(receiver.at('/filtered')).toHaveLength(1)
    expect(JSON.parse(only!.body)).toMatchObject({ type: 'incident.resolved', data: { incident: { id: here.id } } })
  })

  it('retries a 500 and a 429 (honouring Retry-After) with the same webhook-id, and logs the attempts', async () => {
    const serviceId = (await makeService(w.db)).id
    receiver.answer('/flaky', { status: 500, body: 'x'.repeat(5000) }, { status: 429, headers: { 'retry-after': '1' } }, { status: 200 })
    const hook = await subscribe({ url: receiver.url('/flaky'), events: ['incident.triggered'], serviceIds: [serviceId] })
    await w.create({ serviceId })
    const got = await receiver.waitFor('/flaky', 3, 20_000)
    expect(new Set(got.map((r) => r.headers['webhook-id'])).size).toBe(1)
    const verifier = new Webhook(hook.secret)
    for (const r of got) expect(() => verifier.verify(r.body, r.headers)).not.toThrow()
    expect(got[1]!.body).toBe(got[0]!.body)
    // About 5 s after the 500 (with jitter), about 1 s after the 429.
    expect(got[1]!.at - got[0]!.at).toBeGreaterThan(3_500)
    expect(got[2]!.at - got[1]!.at).toBeGreaterThan(800)
    expect(got[2]!.at - got[1]!.at).toBeLessThan(3_500)
    const [log] = await eventually(async () => {
      const d = await deliveries(hook.id)
      expect(d[0]?.state).toBe('delivered')
      return d
    })
    expect(log!.id).toBe(got[0]!.headers['webhook-id'])
    expect(log!.attempts.map((a) => [a.status, a.outcome])).toEqual([
      [500, 'retry'],
      [429, 'retry'],
      [200, 'delivered'],
    ])
    // The answer is kept up to 1 KiB.
    expect(log!.attempts[0]!.response).toBe('x'.repeat(1024))
  }, 30_000)

  it('does not retry a 400 or a redirect', async () => {
    const serviceId = (await makeService(w.db)).id
    receiver.answer('/bad', { status: 400 })
    receiver.answer('/moved', { status: 302, headers: { location: receiver.url('/elsewhere') } })
    const bad = await subscribe({ url: receiver.url('/bad'), events: ['*'], serviceIds: [serviceId] })
    const moved = await subscribe({ url: receiver.url('/moved'), events: ['*'], serviceIds: [serviceId] })
    await w.create({ serviceId })
    await receiver.waitFor('/bad', 1)
    await receiver.waitFor('/moved', 1)
    await sleep(7_000)
    expect(receiver.at('/bad')).toHaveLength(1)
    expect(receiver.at('/moved')).toHaveLength(1)
    expect(receiver.at('/elsewhere')).toHaveLength(0)
    expect((await deliveries(bad.id)).map((d) => [d.state, d.attempts.length])).toEqual([['failed', 1]])
    expect((await deliveries(moved.id)).map((d) => [d.state, d.attempts.length])).toEqual([['failed', 1]])
  }, 20_000)

  it('turns a subscription off once its deliveries have failed for 3 days, and a success stops the clock', async () => {
    const serviceId = (await makeService(w.db)).id
    receiver.answer('/failing', { status: 404 })
    const hook = await subscribe({ url: receiver.url('/failing'), events: ['*'], serviceIds: [serviceId] })
    const failingSince = (days: number) => new Date(Date.now() - days * 86_400_000)
    // Failing for a day: a failure keeps it on.
    await w.db.transaction((tx) => tx.webhookSubscription.update({ where: { id: hook.id }, data: { failingSince: failingSince(1) } }))
    await w.create({ serviceId })
    await receiver.waitFor('/failing', 1)
    await eventually(async () => expect((await deliveries(hook.id))[0]?.state).toBe('failed'))
    expect(await w.db.read.webhookSubscription.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({ enabled: true, disabledReason: null })
    // A success clears the clock.
    receiver.answer('/failing', { status: 200 })
    await w.create({ serviceId })
    await receiver.waitFor('/failing', 2)
    await eventually(async () => expect((await w.db.read.webhookSubscription.findUniqueOrThrow({ where: { id: hook.id } })).failingSince).toBeNull())
    // Failing for more than 3 days: the next failure turns it off, and the API says why.
    receiver.answer('/failing', { status: 404 })
    await w.db.transaction((tx) => tx.webhookSubscription.update({ where: { id: hook.id }, data: { failingSince: failingSince(3.1) } }))
    await w.create({ serviceId })
    await receiver.waitFor('/failing', 3)
    const listed = await eventually(async () => {
      const found = (await admin('GET', '/api/webhooks')).body.webhooks.find((h: { id: string }) => h.id === hook.id)
      expect(found.enabled).toBe(false)
      return found
    })
    expect(listed.disabledReason).toBe('failing')
    const resumed = await admin('PATCH', `/api/webhooks/${hook.id}`, { body: { enabled: true } })
    expect(resumed.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null })
  })

  it('renders the slack format with a link to the incident, signed the same way', async () => {
    const serviceId = (await makeService(w.db)).id
    const hook = await subscribe({ url: receiver.url('/slack'), events: ['incident.triggered'], serviceIds: [serviceId], format: 'slack' })
    const incident = await w.create({ serviceId, title: 'Disk <full> & slow' })
    const [r] = await receiver.waitFor('/slack', 1)
    const body = new Webhook(hook.secret).verify(r!.body, r!.headers) as { text: string; blocks: { type: string }[] }
    expect(body.text).toContain(`#${incident.number} Disk <full> & slow`)
    expect(r!.body).toContain(`https://incidents.example.test/incidents/${incident.id}`)
    expect(r!.body).toContain('Disk &lt;full&gt; &amp; slow')
    expect(body.blocks.map((b) => b.type)).toEqual(['section', 'section', 'actions'])
  })

  it('pauses, sends a test, redelivers with the same webhook-id, and deletes', async () => {
    const serviceId = (await makeService(w.db)).id
    const hook = await subscribe({ url: receiver.url('/manual'), events: ['*'], serviceIds: [serviceId] })
    const test = await admin('POST', `/api/webhooks/${hook.id}/test`)
    expect(test.status, test.text).toBe(200)
    expect(test.body).toMatchObject({ status: 200, error: null })
    const [sent] = await receiver.waitFor('/manual', 1)
    expect(new Webhook(hook.secret).verify(sent!.body, sent!.headers)).toMatchObject({ type: 'webhook.test' })

    await w.create({ serviceId })
    const [, first] = await receiver.waitFor('/manual', 2)
    const [delivery] = await eventually(async () => {
      const d = await deliveries(hook.id)
      expect(d[0]?.state).toBe('delivered')
      return d
    })
    const again = await admin('POST', `/api/webhooks/${hook.id}/deliveries/${delivery!.id}/redeliver`)
    expect(again.status, again.text).toBe(202)
    const [, , second] = await receiver.waitFor('/manual', 3)
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id'])
    expect(second!.body).toBe(first!.body)
    expectError(await admin('POST', `/api/webhooks/${hook.id}/deliveries/msg_none/redeliver`), 404, 'NOT_FOUND')

    const paused = await admin('PATCH', `/api/webhooks/${hook.id}`, { body: { enabled: false } })
    expect(paused.status, paused.text).toBe(200)
    expect(paused.body.enabled).toBe(false)
    await w.create({ serviceId })
    expect((await admin('DELETE', `/api/webhooks/${hook.id}`)).status).toBe(204)
    await sleep(1000)
    expect(receiver.at('/manual')).toHaveLength(3)
    expectError(await admin('DELETE', `/api/webhooks/${hook.id}`), 404, 'NOT_FOUND')
  })
})

describe('a slow endpoint', () => {
  it('holds back only its own deliveries: another subscription is delivered while it hangs', async () => {
    const serviceId = (await makeService(w.db)).id
    receiver.answer('/hangs', 'hang')
    const slow = await subscribe({ url: receiver.url('/hangs'), events: ['incident.triggered'], serviceIds: [serviceId] })
    const healthy = await subscribe({ url: receiver.url('/healthy'), events: ['incident.acknowledged'], serviceIds: [serviceId] })
    try {
      // More messages for the hanging endpoint than the worker keeps in flight in all: without a
      // per-endpoint bound they would take every slot until their 10 s timeouts.
      // Two first, already hanging when the rest are claimed: a claim must then take only two more.
      const incidents = [await w.create({ serviceId }), await w.create({ serviceId })]
      await receiver.waitFor('/hangs', 2)
      for (let n = 0; n < 68; n++) incidents.push(await w.create({ serviceId }))
      await receiver.waitFor('/hangs', 4)
      await sleep(500)
      // Never more than four at once to one endpoint, however the claims fell.
      expect(receiver.at('/hangs')).toHaveLength(4)
      const started = Date.now()
      expect((await w.patch(incidents[0]!.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
      await receiver.waitFor('/healthy', 1, 3_000)
      expect(Date.now() - started).toBeLessThan(3_000)
    } finally {
      await admin('DELETE', `/api/webhooks/${slow.id}`)
      await admin('DELETE', `/api/webhooks/${healthy.id}`)
    }
  }, 30_000)
})

describe("an incident's notifications", () => {
  it('lists what went out, where to (host only) and whether it arrived, to anyone who reads incidents', async () => {
    const serviceId = (await makeService(w.db)).id
    receiver.answer('/notes-down', { status: 503 })
    const port = new URL(receiver.url('/')).port
    // Credentials and a query in the URL, as some receivers want: neither may leave the admin API.
    const withSecrets = `http://hook-user:hook-pass@127.0.0.1:${port}/notes-ok?token=sekrit`
    await subscribe({ url: withSecrets, events: ['*'], serviceIds: [serviceId] })
    await subscribe({ url: receiver.url('/notes-down'), events: ['incident.acknowledged'], serviceIds: [serviceId] })
    const incident = await w.create({ serviceId })
    expect((await w.patch(incident.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    const reader = await w.withScopes(['incidents:read'])

    const list = await eventually(async () => {
      const r = await reader('GET', `/api/incidents/${incident.id}/notifications`)
      expect(r.status, r.text).toBe(200)
      incidentNotificationListSchema.strict().parse(r.body)
      const n = r.body.notifications as IncidentNotification[]
      expect(n).toHaveLength(3)
      expect(n.filter((x) => x.state === 'delivered')).toHaveLength(2)
      expect(n.find((x) => x.destination === `127.0.0.1:${port}` && x.type === 'incident.acknowledged' && x.lastStatus === 503)).toBeDefined()
      return n
    })
    const text = JSON.stringify(list)
    for (const secret of ['hook-user', 'hook-pass', 'token', 'sekrit', '/notes-ok', '/notes-down']) expect(text).not.toContain(secret)
    for (const n of list) expect(n).toMatchObject({ kind: 'webhook', destination: `127.0.0.1:${port}` })
    const down = list.find((n) => n.lastStatus === 503)!
    expect(down).toMatchObject({ state: 'pending', attempts: 1 })
    expect(down.nextAttemptAt).not.toBeNull()
    const arrived = list.filter((n) => n.state === 'delivered')
    expect(arrived.map((n) => n.type).sort()).toEqual(['incident.acknowledged', 'incident.triggered'])
    for (const n of arrived) expect(n).toMatchObject({ attempts: 1, lastStatus: 200, nextAttemptAt: null })
    // Newest first.
    expect(list.map((n) => n.createdAt)).toEqual([...list.map((n) => n.createdAt)].sort().reverse())
  })

  it('answers an empty list for an incident that sent nothing, and 404 for an unknown one', async () => {
    const quiet = await w.create({ serviceId: (await makeService(w.db)).id })
    const r = await w.api('GET', `/api/incidents/${quiet.id}/notifications`)
    expect(r.status, r.text).toBe(200)
    expect(r.body).toEqual({ notifications: [] })
    expectError(await w.api('GET', '/api/incidents/inc_none/notifications'), 404, 'NOT_FOUND')
    expectError(await w.api('GET', `/api/incidents/${'x'.repeat(500)}/notifications`), 404, 'NOT_FOUND')
  })
})
