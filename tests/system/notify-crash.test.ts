// Notifications out under crashes and with several instances. kill -9 while changes are made and
// messages delivered, restart on the same database: every change answered before the kill is
// delivered at least once. Two instances on one PostgreSQL database: no message is attempted by
// both at once (each attempt is made by one of them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { startApp, tempDatabaseUrl, tempPostgresUrl, type RunningApp } from '../support/app'
import { client, makeKey, makeService } from '../support/fixtures'
import { providersUnderTest, postgresServer } from '../support/providers'
import { startReceiver, type Receiver } from '../support/receiver'

const APP_ENV = { RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0', WEBHOOK_ALLOW_PRIVATE: '1', NOTIFY_POLL_MS: '100', NOTIFY_LEASE_MS: '30000' }

/** A subscription to every type, written straight to the table (the admin API needs a session). */
async function subscribe(db: Db, url: string, serviceId: string) {
  const now = new Date()
  await db.transaction((tx) =>
    tx.webhookSubscription.create({
      data: { id: `whk_${serviceId.slice(4)}`, url, events: ' * ', serviceIds: ` ${serviceId} `, format: 'standard', enabled: true, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, createdAt: now, updatedAt: now },
    }),
  )
}

/** The (incident, type) pairs the receiver has answered, so delivered as far as the sender can know. */
const seen = (receiver: Receiver) => new Set(receiver.at('/hook').filter((r) => r.answeredAt !== undefined).map((r) => {
  const body = JSON.parse(r.body) as { type: string; data: { incident: { id: string } } }
  return `${body.data.incident.id} ${body.type}`
}))

// The providers side by side: most of each run is the wait for the killed instance's leases to lapse.
describe.concurrent.each(providersUnderTest())('kill -9 while delivering (%s)', (provider) => {
  let url: string
  let cleanup: () => unknown
  let db: Db
  let app: RunningApp | undefined
  let receiver: Receiver

  beforeAll(async () => {
    ;({ url, cleanup } = await tempDatabaseUrl(provider))
    app = await startApp({ databaseUrl: url, env: APP_ENV })
    db = await createDb(resolveDatabaseUrl(url))
    receiver = await startReceiver()
    // Slow answers, so deliveries are in flight when the kill lands.
    receiver.answer('/hook', { status: 200, delayMs: 30 })
  })
  afterAll(async () => {
    await app?.stop()
    await receiver?.close()
    await db?.close()
    await cleanup?.()
  })

  it('delivers every answered change at least once after a restart', async () => {
    const serviceId = (await makeService(db)).id
    await subscribe(db, receiver.url('/hook'), serviceId)
    const api = client(app!.baseUrl, (await makeKey(db)).key)
    const expected: string[] = []
    let stop = false
    const worker = async () => {
      while (!stop) {
        try {
          const r = await api('POST', '/api/incidents', { body: { title: 'crash notify', serviceId } })
          if (r.status !== 201) continue
          expected.push(`${r.body.id} incident.triggered`)
          const a = await api('PATCH', `/api/incidents/${r.body.id}`, { body: { status: 'ACKNOWLEDGED' } })
          if (a.status === 200) expected.push(`${r.body.id} incident.acknowledged`)
        } catch {
          return
        }
      }
    }
    const running = Array.from({ length: 4 }, worker)
    const deadline = Date.now() + 30_000
    while ((expected.length < 80 || receiver.at('/hook').length < 10) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    // The receiver stops answering for the last changes before the kill, so however fast the worker
    // is, some answered changes die undelivered (some in flight, some still waiting).
    receiver.answer('/hook', 'hang')
    const hangingFrom = expected.length
    while (expected.length < hangingFrom + 8 && Date.now() < deadline + 15_000) await new Promise((r) => setTimeout(r, 20))
    await app!.kill()
    stop = true
    await Promise.all(running)
    expect(expected.length).toBeGreaterThanOrEqual(88)
    const beforeRestart = seen(receiver)
    expect(expected.some((e) => !beforeRestart.has(e))).toBe(true)

    receiver.answer('/hook', { status: 200, delayMs: 30 })
    app = await startApp({ databaseUrl: url, env: APP_ENV })
    const until = Date.now() + 90_000
    let missing = expected.filter((e) => !seen(receiver).has(e))
    while (missing.length && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250))
      missing = expected.filter((e) => !seen(receiver).has(e))
    }
    expect(missing).toEqual([])
  }, 150_000)
})

const ROUNDS = 3

describe.runIf(postgresServer())('two instances on one PostgreSQL database', () => {
  let a: RunningApp
  let b: RunningApp
  let db: Db
  let cleanup: () => Promise<void>
  let receiver: Receiver

  beforeAll(async () => {
    let url: string
    ;({ url, cleanup } = await tempPostgresUrl())
    // Polling often, so the two instances claim at the same moments.
    const env = { ...APP_ENV, NOTIFY_POLL_MS: '5' }
    ;[a, b] = await Promise.all([startApp({ databaseUrl: url, env }), startApp({ databaseUrl: url, env })])
    db = await createDb(resolveDatabaseUrl(url))
    receiver = await startReceiver()
    receiver.answer('/hook', { status: 200, delayMs: 20 })
  })
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await receiver?.close()
    await db?.close()
    await cleanup?.()
  })

  it('make each attempt from one instance only', async () => {
    const serviceId = (await makeService(db)).id
    await subscribe(db, receiver.url('/hook'), serviceId)
    const { key } = await makeKey(db)
    const apis = [client(a.baseUrl, key), client(b.baseUrl, key)]
    const ids: string[] = []
    await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        for (let i = 0; i < 15; i++) {
          const r = await apis[(w + i) % 2]!('POST', '/api/incidents', { body: { title: `two ${w}-${i}`, serviceId } })
          expect(r.status, r.text).toBe(201)
          ids.push(r.body.id)
        }
      }),
    )
    const subscriptionId = `whk_${serviceId.slice(4)}`
    const delivered = async (count: number) => {
      const deadline = Date.now() + 60_000
      while (receiver.at('/hook').length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      await new Promise((r) => setTimeout(r, 1_000))
    }
    await delivered(ids.length)
    // Then every message due again at one moment, as after an outage: both instances race for them.
    for (let round = 2; round <= ROUNDS; round++) {
      await db.transaction((tx) =>
        tx.webhookMessage.updateMany({ where: { subscriptionId }, data: { state: 'pending', nextAttemptAt: new Date(), leaseOwner: null, leaseUntil: null } }),
      )
      await delivered(ids.length * round)
    }
    const got = receiver.at('/hook')
    // Every answer was a 200, so each message is sent exactly once per round, by one of the two.
    const perId = new Map<string, number>()
    for (const r of got) perId.set(r.headers['webhook-id']!, (perId.get(r.headers['webhook-id']!) ?? 0) + 1)
    expect([...perId.values()].filter((n) => n !== ROUNDS)).toEqual([])
    expect(perId.size).toBe(ids.length)
    expect(await db.read.webhookAttempt.count({ where: { message: { subscriptionId } } })).toBe(ids.length * ROUNDS)
  }, 120_000)
})
