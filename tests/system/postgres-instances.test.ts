// Two built app instances on one PostgreSQL database, as behind a load balancer: whatever one
// instance does, the other must see on its very next request, and races between them must
// still end the way a single instance would end them. Nothing may live in one process's memory.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db/client'
import type { RunningApp } from '../support/app'
import { twoInstances } from '../support/instances'
import { TEST_PASSWORD, client, makeKey, makeUser, sessionCookie, unique } from '../support/fixtures'
import { postgresServer } from '../support/providers'

const PG_SERVER = postgresServer()

// The public origin a load balancer would present; both instances are configured with it.
const ORIGIN = 'https://incidents.example.test'
const READS_PER_MINUTE = 10

describe.runIf(PG_SERVER)('two instances on one PostgreSQL database', () => {
  const env = {
    APP_ORIGIN: ORIGIN,
    SWEEP_INTERVAL_MS: '100',
    RATE_LIMIT_READS_PER_MINUTE: String(READS_PER_MINUTE),
    RATE_LIMIT_WRITES_PER_MINUTE: '1000',
  }
  const instances = twoInstances(env)
  let a: RunningApp
  let b: RunningApp
  let db: Db
  let serviceId: string
  beforeAll(() => void ({ a, b, db, serviceId } = instances))

  const writer = async () => {
    const { key } = await makeKey(db)
    return [client(a.baseUrl, key), client(b.baseUrl, key)] as const
  }

  const eventsOf = (incidentId: string, type: string) => db.read.timelineEvent.count({ where: { incidentId, type } })

  it('applied every migration once although both instances migrated at start', async () => {
    const rows = await db.read.$queryRawUnsafe<Array<{ migration_name: string; n: bigint }>>(
      'SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY migration_name',
    )
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(Number(r.n)).toBe(1)
  })

  it('concurrent acknowledges spread over both instances: all 200, exactly one acknowledged event', async () => {
    const [onA, onB] = await writer()
    const created = await onA('POST', '/api/incidents', { body: { title: unique('race'), serviceId, urgency: 'HIGH' } })
    expect(created.status, created.text).toBe(201)
    const id = created.body.id as string

    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 ? onB : onA)('PATCH', `/api/incidents/${id}`, { body: { status: 'ACKNOWLEDGED' } })),
    )
    for (const r of results) expect(r.status, r.text).toBe(200)
    for (const r of results) expect(r.body.status).toBe('ACKNOWLEDGED')
    expect(await eventsOf(id, 'acknowledged')).toBe(1)
    expect((await db.read.incident.findUniqueOrThrow({ where: { id } })).version).toBe(2)
  })

  it("a list one instance has answered before shows the other instance's writes at once", async () => {
    const [onA, onB] = await writer()
    const path = `/api/incidents?serviceId=${serviceId}&status=OPEN,ACKNOWLEDGED`
    const before = await onB('GET', path)
    expect((await onB('GET', path)).body).toEqual(before.body)
    const created = await onA('POST', '/api/incidents', { body: { title: unique('seen by B'), serviceId } })
    expect(created.status, created.text).toBe(201)
    const after = await onB('GET', path)
    expect(after.body.total).toBe(before.body.total + 1)
    expect(after.body.incidents[0].id).toBe(created.body.id)
    expect((await onA('PATCH', `/api/incidents/${created.body.id}`, { body: { status: 'RESOLVED' } })).status).toBe(200)
    expect((await onB('GET', path)).body.total).toBe(before.body.total)
  })

  it('a snooze running out with both sweepers running wakes each incident exactly once', async () => {
    const [onA] = await writer()
    const ids: string[] = []
    for (let i = 0; i < 12; i++) {
      const r = await onA('POST', '/api/incidents', { body: { title: unique('sleepy'), serviceId, urgency: 'LOW' } })
      expect(r.status, r.text).toBe(201)
      const s = await onA('PATCH', `/api/incidents/${r.body.id}`, { body: { status: 'SNOOZED', snoozeMinutes: 60 } })
      expect(s.status, s.text).toBe(200)
      ids.push(r.body.id)
    }
    // Both sweepers see all of them due at once (the snoozes "ran out" a second ago).
    const past = new Date(Date.now() - 1000)
    await db.transaction((tx) => tx.incident.updateMany({ where: { id: { in: ids } }, data: { snoozedUntil: past } }))

    const deadline = Date.now() + 15_000
    while ((await db.read.incident.count({ where: { id: { in: ids }, status: 'SNOOZED' } })) > 0) {
      expect(Date.now(), 'the sweepers did not wake the incidents').toBeLessThan(deadline)
      await new Promise((r) => setTimeout(r, 100))
    }
    // Let any late second sweep finish before counting.
    await new Promise((r) => setTimeout(r, 500))
    for (const id of ids) expect(await eventsOf(id, 'unsnoozed'), id).toBe(1)
    const open = await db.read.incidentCount.findUnique({ where: { serviceId_status: { serviceId, status: 'SNOOZED' } } })
    expect(open?.count ?? 0).toBe(0)
  })

  it('a session signed in on A works on B, and signing out on A ends it on B', async () => {
    const user = await makeUser(db, 'responder')
    const cookie = await sessionCookie(a.baseUrl, user.email)
    const withCookie = { Cookie: cookie, Origin: ORIGIN }

    const meOnB = await fetch(`${b.baseUrl}/api/auth/me`, { headers: withCookie })
    expect(meOnB.status).toBe(200)
    expect((await meOnB.json()).user.email).toBe(user.email)

    const logout = await fetch(`${a.baseUrl}/api/auth/logout`, { method: 'POST', headers: withCookie })
    expect(logout.status).toBe(204)
    expect((await fetch(`${b.baseUrl}/api/auth/me`, { headers: withCookie })).status).toBe(401)
  })

  it('an idempotency key used on A replays on B', async () => {
    const [onA, onB] = await writer()
    const body = { title: unique('once'), serviceId, urgency: 'HIGH' }
    const headers = { 'Idempotency-Key': unique('idem') }
    const first = await onA('POST', '/api/incidents', { body, headers })
    expect(first.status, first.text).toBe(201)
    const again = await onB('POST', '/api/incidents', { body, headers })
    expect(again.status, again.text).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    expect(await db.read.incident.count({ where: { title: body.title } })).toBe(1)
  })

  it('a key revoked through the API on A is refused on B on the very next request', async () => {
    const cookie = await sessionCookie(a.baseUrl, (await makeUser(db, 'admin')).email)
    const asAdminOnA = client(a.baseUrl)
    const adminHeaders = { Cookie: cookie, Origin: ORIGIN }

    const created = await asAdminOnA('POST', '/api/keys', { body: { name: unique('doomed'), scopes: ['incidents:read'] }, headers: adminHeaders })
    expect(created.status, created.text).toBe(201)
    const onB = client(b.baseUrl, created.body.key)
    expect((await onB('GET', `/api/incidents?serviceId=${serviceId}&limit=1`)).status).toBe(200)

    const revoked = await asAdminOnA('DELETE', `/api/keys/${created.body.id}`, { headers: adminHeaders })
    expect(revoked.status, revoked.text).toBe(204)
    const refused = await onB('GET', `/api/incidents?serviceId=${serviceId}&limit=1`)
    expect(refused.status).toBe(401)
    expect(refused.body.error.code).toBe('UNAUTHORIZED')
  })

  it('one rate limit per credential across both instances', async () => {
    const { key } = await makeKey(db, ['incidents:read'])
    const onA = client(a.baseUrl, key)
    const onB = client(b.baseUrl, key)
    const remaining: number[] = []
    for (let i = 0; i < READS_PER_MINUTE; i++) {
      const r = await (i % 2 ? onB : onA)('GET', `/api/incidents?serviceId=${serviceId}&limit=1`)
      expect(r.status, r.text).toBe(200)
      remaining.push(Number(r.headers.get('ratelimit-remaining')))
    }
    // One bucket: the count falls by one per request whichever instance answers.
    expect(remaining).toEqual(Array.from({ length: READS_PER_MINUTE }, (_, i) => READS_PER_MINUTE - 1 - i))
    for (const app of [onA, onB]) {
      const r = await app('GET', `/api/incidents?serviceId=${serviceId}&limit=1`)
      expect(r.status).toBe(429)
      expect(r.body.error.code).toBe('RATE_LIMITED')
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
    }
  })

  it('failed sign-ins count against the account on every instance', async () => {
    const user = await makeUser(db, 'viewer')
    const attempt = (app: RunningApp, password: string) =>
      fetch(`${app.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: user.email, password }),
      })
    // The default budget is 5 failures per account per 15 minutes.
    for (let i = 0; i < 5; i++) expect((await attempt(i % 2 ? b : a, 'wrong password')).status).toBe(401)
    expect((await attempt(a, TEST_PASSWORD)).status).toBe(429)
    expect((await attempt(b, TEST_PASSWORD)).status).toBe(429)
  })
})
