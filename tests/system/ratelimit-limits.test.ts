// Rate limits as the contract's "Concurrency and limits" says, on servers of their own with small
// limits: per API key and per signed-in user, reads and writes apart, `0` turns a limit off,
// RateLimit-* headers on every limited response, 429 RATE_LIMITED with a whole-second
// Retry-After; and bad credentials turned away cheaply and per (real) address.
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PEER_HEADER } from '@/lib/api/request'
import { generateKey } from '@/lib/auth/apiKeys'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { startApp, tempPostgresUrl, tempSqliteUrl, type RunningApp } from '../support/app'
import { TEST_PASSWORD, makeKey, makeService, makeUser } from '../support/fixtures'
import { cleanupAfterAll } from '../support/providers'
import { call, type Answer } from '../support/call'

const cleanup = cleanupAfterAll()

/** A server of its own with these limits, on a fresh SQLite database with one service. */
async function appWithLimits(env: Record<string, string>) {
  const tmp = tempSqliteUrl()
  cleanup(tmp.cleanup)
  const app = await startApp({ databaseUrl: tmp.url, env })
  cleanup(() => app.stop())
  const db = await createDb(resolveDatabaseUrl(tmp.url))
  cleanup(() => db.close())
  return { app, db, url: tmp.url, serviceId: (await makeService(db)).id }
}

function expectLimitHeaders(r: Answer, limit: number) {
  expect(r.headers['ratelimit-limit']).toBe(String(limit))
  expect(r.headers['ratelimit-remaining']).toMatch(/^\d+$/)
  expect(Number(r.headers['ratelimit-remaining'])).toBeLessThanOrEqual(limit)
  expect(r.headers['ratelimit-reset']).toMatch(/^\d+$/)
  expect(Number(r.headers['ratelimit-reset'])).toBeGreaterThanOrEqual(1)
  expect(Number(r.headers['ratelimit-reset'])).toBeLessThanOrEqual(60)
}

function expectRateLimited(r: Answer, limit: number) {
  expect(r.status).toBe(429)
  expect(r.body).toEqual({ error: { code: 'RATE_LIMITED', message: expect.any(String), requestId: r.headers['x-request-id'] } })
  expect(r.headers['retry-after']).toMatch(/^[1-9]\d*$/)
  expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60)
  expectLimitHeaders(r, limit)
  expect(r.headers['ratelimit-remaining']).toBe('0')
}

async function signIn(app: RunningApp, email: string): Promise<string> {
  const r = await call(app, 'POST', '/api/auth/login', { body: { email, password: TEST_PASSWORD } })
  expect(r.status).toBe(200)
  const cookie = String(r.headers['set-cookie']).split(';')[0]
  expect(cookie).toMatch(/^ic_session=/)
  return cookie
}

describe('limits per credential (reads 5, writes 3, auth failures 4 per minute)', () => {
  const READS = 5
  const WRITES = 3
  const FAILURES = 4
  let app: RunningApp
  let db: Db
  let url: string
  let serviceId: string

  beforeAll(async () => {
    ;({ app, db, url, serviceId } = await appWithLimits({
      RATE_LIMIT_READS_PER_MINUTE: String(READS),
      RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES),
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: String(FAILURES),
    }))
  })

  it('counts reads per key, with headers on every answer, then 429 with Retry-After', async () => {
    const { key } = await makeKey(db)
    for (let i = 1; i <= READS; i++) {
      const r = await call(app, 'GET', '/api/incidents', { key })
      expect(r.status).toBe(200)
      expectLimitHeaders(r, READS)
      expect(r.headers['ratelimit-remaining']).toBe(String(READS - i))
    }
    const refused = await call(app, 'GET', '/api/incidents', { key })
    expectRateLimited(refused, READS)
    // Every read endpoint draws from the same bucket.
    expectRateLimited(await call(app, 'GET', '/api/services', { key }), READS)

    // Writes are a bucket of their own…
    for (let i = 1; i <= WRITES; i++) {
      const w = await call(app, 'POST', '/api/incidents', { key, body: { title: `write ${i}`, serviceId } })
      expect(w.status).toBe(201)
      expectLimitHeaders(w, WRITES)
      expect(w.headers['ratelimit-remaining']).toBe(String(WRITES - i))
    }
    const w = await call(app, 'POST', '/api/incidents', { key, body: { title: 'one too many', serviceId } })
    expectRateLimited(w, WRITES)
    // …and the refused write created nothing.
    expect(await db.read.incident.count({ where: { title: 'one too many' } })).toBe(0)

    // Another key has buckets of its own.
    const other = await makeKey(db)
    const r = await call(app, 'GET', '/api/incidents', { key: other.key })
    expect(r.status).toBe(200)
    expect(r.headers['ratelimit-remaining']).toBe(String(READS - 1))
  })

  it('counts every answer a valid credential gets (400, 403, 404, 405, 422), in the bucket of its method', async () => {
    const eventsOnly = await makeKey(db, ['events:write'])
    const forbidden = await call(app, 'GET', '/api/incidents', { key: eventsOnly.key })
    expect(forbidden.status).toBe(403)
    expectLimitHeaders(forbidden, READS)

    const { key } = await makeKey(db)
    const answers = [
      await call(app, 'GET', '/api/incidents/inc_missing', { key }), // 404
      await call(app, 'GET', '/api/incidents?limit=0', { key }), // 422
      await call(app, 'DELETE', '/api/incidents/inc_missing', { key }), // 405, a write
      await call(app, 'POST', '/api/incidents', { key, raw: '{nope' }), // 400, a write
    ]
    expect(answers.map((a) => a.status)).toEqual([404, 422, 405, 400])
    for (const a of answers) expectLimitHeaders(a, a.status === 405 || a.status === 400 ? WRITES : READS)
    expect(answers[0].headers['ratelimit-remaining']).toBe(String(READS - 1))
    expect(answers[1].headers['ratelimit-remaining']).toBe(String(READS - 2))
    expect(answers[2].headers['ratelimit-remaining']).toBe(String(WRITES - 1))
    expect(answers[2].headers.allow).toBe('GET, PATCH')
    expect(answers[3].headers['ratelimit-remaining']).toBe(String(WRITES - 2))
  })

  it('counts a bulk change as one write, however many incidents it names', async () => {
    const creator = await makeKey(db)
    const ids: string[] = []
    for (let i = 0; i < WRITES; i++) ids.push((await call(app, 'POST', '/api/incidents', { key: creator.key, body: { title: `bulk ${i}`, serviceId } })).body.id)
    const { key } = await makeKey(db)
    const changes = [{ urgency: 'LOW' }, { priority: 'P3' }, { status: 'ACKNOWLEDGED' }]
    for (const [k, change] of changes.entries()) {
      const r = await call(app, 'POST', '/api/incidents/bulk', { key, body: { ids, changes: change } })
      expect(r.status).toBe(200)
      expect(r.body.results.map((x: { status: number }) => x.status)).toEqual(ids.map(() => 200))
      expect(r.headers['ratelimit-remaining']).toBe(String(WRITES - 1 - k))
    }
    const refused = await call(app, 'POST', '/api/incidents/bulk', { key, body: { ids, changes: { status: 'RESOLVED' } } })
    expectRateLimited(refused, WRITES)
    expect(await db.read.incident.count({ where: { id: { in: ids }, status: 'ACKNOWLEDGED' } })).toBe(ids.length)
  })

  it('counts a signed-in user across all their sessions, apart from keys', async () => {
    const user = await makeUser(db, 'viewer')
    const first = await signIn(app, user.email)
    const second = await signIn(app, user.email)
    for (let i = 1; i <= READS; i++) {
      const r = await call(app, 'GET', '/api/incidents', { cookie: i % 2 ? first : second })
      expect(r.status).toBe(200)
      expect(r.headers['ratelimit-remaining']).toBe(String(READS - i))
    }
    expectRateLimited(await call(app, 'GET', '/api/auth/me', { cookie: second }), READS)
    expectRateLimited(await call(app, 'GET', '/api/incidents', { cookie: first }), READS)
    // Another user is not affected.
    const other = await signIn(app, (await makeUser(db, 'viewer')).email)
    expect((await call(app, 'GET', '/api/incidents', { cookie: other })).status).toBe(200)
  })

  it('never looks up a key that fails its checksum', async () => {
    const { key } = await makeKey(db)
    // Hide the keys table from the running server: any lookup now fails loudly.
    const sqlite = new Database(resolveDatabaseUrl(url).url)
    sqlite.exec('ALTER TABLE "ApiKey" RENAME TO "ApiKey_hidden"')
    try {
      const wellFormed = generateKey().key // right format and checksum, unknown: needs a lookup
      const lookedUp = await call(app, 'GET', '/api/incidents', { key: wellFormed, from: '127.0.0.3' })
      expect(lookedUp.status).toBeGreaterThanOrEqual(500)
      expect(lookedUp.body.error.code).toMatch(/INTERNAL_ERROR|SERVICE_UNAVAILABLE/)

      const badChecksum = key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')
      for (const k of [badChecksum, 'ick_garbage', 'x'.repeat(500), generateKey().key.replace('ick_', 'ick-')]) {
        const r = await call(app, 'GET', '/api/incidents', { key: k, from: '127.0.0.3' })
        expect(r.status).toBe(401)
        expect(r.body.error.code).toBe('UNAUTHORIZED')
        expect(r.headers['www-authenticate']).toMatch(/^Bearer/)
      }
    } finally {
      sqlite.exec('ALTER TABLE "ApiKey_hidden" RENAME TO "ApiKey"')
      sqlite.close()
    }
    expect((await call(app, 'GET', '/api/incidents', { key })).status).toBe(200)
  })

  it('turns a flood of bad keys away per socket address, whatever X-Forwarded-For says', async () => {
    const attacker = '127.0.0.2'
    for (let i = 0; i < FAILURES; i++) {
      const r = await call(app, 'GET', '/api/incidents', { key: `ick_${Math.random().toString(36).slice(2)}`, from: attacker })
      expect(r.status).toBe(401)
    }
    // Past the limit: 429 before any lookup, even for a valid key from that address, and a
    // forged X-Forwarded-For does not make it someone else.
    const { key } = await makeKey(db)
    for (const headers of [{} as Record<string, string>, { 'x-forwarded-for': '198.51.100.7' }, { 'x-forwarded-for': '198.51.100.8, 127.0.0.1' }]) {
      expectRateLimited(await call(app, 'GET', '/api/incidents', { key: `ick_${Math.random()}`, from: attacker, headers }), FAILURES)
      expectRateLimited(await call(app, 'GET', '/api/incidents', { key, from: attacker, headers }), FAILURES)
    }
    // Bad session cookies count the same way.
    expectRateLimited(await call(app, 'GET', '/api/incidents', { cookie: 'ic_session=' + 'a'.repeat(43), from: attacker }), FAILURES)
    // Everyone else is unaffected, including a caller naming the attacker in X-Forwarded-For.
    const ok = await call(app, 'GET', '/api/incidents', { key, headers: { 'x-forwarded-for': attacker } })
    expect(ok.status).toBe(200)
    // A request with no credential at all is a plain 401 and costs nothing.
    const none = await call(app, 'GET', '/api/incidents', { from: '127.0.0.4' })
    expect(none.status).toBe(401)
  })

  it('counts by socket address on the writes served before Next too, whatever the peer header a client sends', async () => {
    const attacker = '127.0.0.5'
    // The header the server stamps with the socket's address, named here by a client to pose as
    // another address each time, and then as an innocent one.
    const posing = (i: number) => ({ [PEER_HEADER]: `198.51.100.${i}` })
    for (let i = 0; i < FAILURES; i++) {
      const r = await call(app, 'POST', '/api/incidents', { key: `ick_${Math.random().toString(36).slice(2)}`, from: attacker, headers: posing(i), body: {} })
      expect(r.status).toBe(401)
    }
    const bad = `ick_${Math.random().toString(36).slice(2)}`
    expectRateLimited(await call(app, 'POST', '/api/incidents', { key: bad, from: attacker, headers: posing(99), body: {} }), FAILURES)
    // Events v2 answers in PagerDuty's shape too (status, message, errors beside the error).
    const event = await call(app, 'POST', '/api/events', { key: bad, from: attacker, headers: posing(98), body: {} })
    expect([event.status, event.body.error.code]).toEqual([429, 'RATE_LIMITED'])
    // Naming the attacker's address in that header does not get anyone else refused.
    const { key } = await makeKey(db)
    const ok = await call(app, 'POST', '/api/incidents', { key, from: '127.0.0.6', headers: { [PEER_HEADER]: attacker }, body: { title: 'Peer header', serviceId } })
    expect(ok.status).toBe(201)
  })
})

describe('limits off (reads 0) and behind a trusted proxy (TRUST_PROXY=1)', () => {
  let app: RunningApp
  let db: Db
  let serviceId: string

  beforeAll(async () => {
    ;({ app, db, serviceId } = await appWithLimits({
      RATE_LIMIT_READS_PER_MINUTE: '0',
      RATE_LIMIT_WRITES_PER_MINUTE: '2',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '2',
      TRUST_PROXY: '1',
    }))
  })

  it('`0` turns the read limit off (no headers, never 429) while writes stay limited', async () => {
    const { key } = await makeKey(db)
    for (let i = 0; i < 30; i++) {
      const r = await call(app, 'GET', '/api/incidents', { key })
      expect(r.status).toBe(200)
      expect(r.headers['ratelimit-limit']).toBeUndefined()
    }
    for (let i = 0; i < 2; i++) expect((await call(app, 'POST', '/api/incidents', { key, body: { title: 'w', serviceId } })).status).toBe(201)
    expectRateLimited(await call(app, 'POST', '/api/incidents', { key, body: { title: 'w', serviceId } }), 2)
    expect((await call(app, 'GET', '/api/incidents', { key })).status).toBe(200)
  })

  it('takes the address the proxy appended, never one the client wrote', async () => {
    const bad = () => `ick_${Math.random().toString(36).slice(2)}`
    // The proxy appends what it saw (10.9.0.1); the client's own entries are to its left.
    for (let i = 0; i < 2; i++) {
      expect((await call(app, 'GET', '/api/incidents', { key: bad(), headers: { 'x-forwarded-for': `203.0.113.${i}, 10.9.0.1` } })).status).toBe(401)
    }
    expectRateLimited(await call(app, 'GET', '/api/incidents', { key: bad(), headers: { 'x-forwarded-for': '192.0.2.77, 10.9.0.1' } }), 2)
    expectRateLimited(await call(app, 'GET', '/api/incidents', { key: bad(), headers: { 'x-forwarded-for': '10.9.0.1' } }), 2)
    // Another client behind the same proxy is not affected.
    const { key } = await makeKey(db)
    expect((await call(app, 'GET', '/api/incidents', { key, headers: { 'x-forwarded-for': '10.9.0.1, 10.9.0.2' } })).status).toBe(200)
  })
})

describe.runIf(process.env.TEST_POSTGRES_URL)('one bucket across two instances on PostgreSQL', () => {
  const READS = 6
  let apps: RunningApp[] = []
  let db: Db
  let cleanup: () => Promise<void>

  beforeAll(async () => {
    const tmp = await tempPostgresUrl()
    cleanup = tmp.cleanup
    const env = { RATE_LIMIT_READS_PER_MINUTE: String(READS), RATE_LIMIT_WRITES_PER_MINUTE: '0' }
    apps = [await startApp({ databaseUrl: tmp.url, env }), await startApp({ databaseUrl: tmp.url, env })]
    db = await createDb(resolveDatabaseUrl(tmp.url))
  })
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.stop()))
    await db?.close()
    await cleanup?.()
  })

  it('counts a key the same on whichever instance it lands', async () => {
    const { key } = await makeKey(db)
    for (let i = 1; i <= READS; i++) {
      const r = await call(apps[i % 2], 'GET', '/api/incidents', { key })
      expect(r.status).toBe(200)
      expect(r.headers['ratelimit-remaining']).toBe(String(READS - i))
    }
    expectRateLimited(await call(apps[0], 'GET', '/api/incidents', { key }), READS)
    expectRateLimited(await call(apps[1], 'GET', '/api/incidents', { key }), READS)
  })
})
