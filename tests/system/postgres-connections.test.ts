// Connection handling in production terms: the database going away under a running app (health
// says 503 in the contract's error shape, nothing answers 500, and the app recovers when the
// database returns), and a stop (SIGTERM) that lets a request in flight finish, then exits 0.
import { request } from 'node:http'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPostgres } from '../../scripts/lib/postgres.mjs'
import { startApp, tempPostgresUrl, type RunningApp } from '../support/app'
import { client, makeKey, makeService, unique } from '../support/fixtures'
import { createDb } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { postgresServer } from '../support/providers'

const PG_SERVER = postgresServer()

function expectErrorShape(r: { status: number; headers: Headers; body: any; text: string }, status: number, code: string) {
  expect(r.status, r.text).toBe(status)
  expect(r.headers.get('content-type')).toMatch(/^application\/json/)
  expect(Object.keys(r.body)).toEqual(['error'])
  expect(r.body.error.code).toBe(code)
  expect(r.body.error.requestId).toBe(r.headers.get('x-request-id'))
}

describe.runIf(PG_SERVER)('the database going away under a running app', () => {
  let server: Awaited<ReturnType<typeof startPostgres>>
  let app: RunningApp
  let key: string
  let serviceId: string

  beforeAll(async () => {
    // A throwaway server of its own: this test kills it, and reads on after, so it must keep
    // what was committed before (the fast settings lose the last commits on a kill).
    server = await startPostgres({ durable: true })
    const url = server.url.replace(/\/postgres$/, '/outage')
    const admin = new pg.Client({ connectionString: server.url })
    await admin.connect()
    await admin.query('CREATE DATABASE outage')
    await admin.end()
    // Short timeouts so the outage shows in seconds, as an operator would tune them.
    app = await startApp({
      databaseUrl: url,
      env: { DATABASE_CONNECT_TIMEOUT_MS: '1000', SWEEP_INTERVAL_MS: '200' },
    })
    const db = await createDb(resolveDatabaseUrl(url))
    key = (await makeKey(db)).key
    serviceId = (await makeService(db)).id
    await db.close()
  })

  afterAll(async () => {
    await app?.stop()
    server?.stop()
  })

  it('answers 503 in the error shape while the database is down, never 500, and recovers', async () => {
    const api = client(app.baseUrl, key)
    expect((await api('GET', '/api/health')).status).toBe(200)
    expect((await api('POST', '/api/incidents', { body: { title: unique('before'), serviceId, urgency: 'HIGH' } })).status).toBe(201)

    server.halt()
    const started = Date.now()
    expectErrorShape(await api('GET', '/api/health'), 503, 'SERVICE_UNAVAILABLE')
    // Every kind of request, with and without credentials: a 503, not a 500 or a hang.
    const calls = [
      api('GET', '/api/incidents'),
      api('POST', '/api/incidents', { body: { title: unique('during'), serviceId, urgency: 'HIGH' } }),
      api('PATCH', '/api/incidents/inc_whatever', { body: { status: 'ACKNOWLEDGED' } }),
      api('GET', '/api/services'),
      client(app.baseUrl)('GET', '/api/incidents', { headers: { Cookie: `ic_session=${'a'.repeat(43)}` } }),
      client(app.baseUrl)('POST', '/api/auth/login', { body: { email: 'x@example.test', password: 'nope' } }),
    ]
    for (const r of await Promise.all(calls)) expectErrorShape(r, 503, 'SERVICE_UNAVAILABLE')
    expect(Date.now() - started).toBeLessThan(10_000)

    server.resume()
    const deadline = Date.now() + 15_000
    for (;;) {
      const r = await api('GET', '/api/health')
      if (r.status === 200) break
      expect(Date.now(), 'health did not recover').toBeLessThan(deadline)
      await new Promise((res) => setTimeout(res, 200))
    }
    const after = await api('POST', '/api/incidents', { body: { title: unique('after'), serviceId, urgency: 'HIGH' } })
    expect(after.status, after.text).toBe(201)
    expect(app.output()).not.toMatch(/"status":500/)
  })
})

describe.runIf(PG_SERVER)('a stop (SIGTERM) with a request in flight', () => {
  it('finishes the request, then exits 0', async () => {
    const { url, cleanup } = await tempPostgresUrl()
    const app = await startApp({ databaseUrl: url, env: { LOG_LEVEL: 'info' } })
    try {
      const db = await createDb(resolveDatabaseUrl(url))
      const { key } = await makeKey(db)
      const serviceId = (await makeService(db)).id
      const title = unique('in flight at shutdown')
      const body = JSON.stringify({ title, serviceId, urgency: 'HIGH' })

      // A slow client: the request is sent in pieces, and the stop arrives between them.
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(`${app.baseUrl}/api/incidents`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
          // No keep-alive: the stop then need not wait for an idle connection to time out.
          agent: false,
        })
        req.on('response', (res) => {
          let text = ''
          res.on('data', (d) => (text += d))
          res.on('end', () => resolve({ status: res.statusCode!, text }))
        })
        req.on('error', reject)
        req.write(body.slice(0, 10))
        setTimeout(() => {
          app.child.kill('SIGTERM')
          setTimeout(() => req.end(body.slice(10)), 1_500)
        }, 300)
      })
      const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)))

      const r = await answer
      expect(r.status, r.text).toBe(201)
      expect(JSON.parse(r.text).title).toBe(title)
      expect(await exited).toBe(0)
      expect(await db.read.incident.count({ where: { title } })).toBe(1)
      expect(app.output()).toMatch(/stopping: finishing in-flight requests/)
      await db.close()
    } finally {
      await app.stop()
      await cleanup()
    }
  })

  it('ends open event streams at once instead of waiting for them, then exits 0', async () => {
    const { url, cleanup } = await tempPostgresUrl()
    const app = await startApp({ databaseUrl: url })
    try {
      const db = await createDb(resolveDatabaseUrl(url))
      const { key } = await makeKey(db, ['incidents:read'])
      await db.close()
      const res = await fetch(`${app.baseUrl}/api/incidents/stream`, { headers: { Authorization: `Bearer ${key}` } })
      expect(res.status).toBe(200)
      const reader = res.body!.getReader()
      expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: ready')

      const exited = new Promise<number | null>((resolve) => app.child.once('exit', (code) => resolve(code)))
      const stoppedAt = Date.now()
      app.child.kill('SIGTERM')
      for (;;) if ((await reader.read()).done) break
      expect(await exited).toBe(0)
      // Well inside SHUTDOWN_TIMEOUT_MS (25 s): the stream did not hold the stop.
      expect(Date.now() - stoppedAt).toBeLessThan(10_000)
    } finally {
      await app.stop()
      await cleanup()
    }
  })
})
