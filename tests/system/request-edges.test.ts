// Requests of shapes Next itself does not handle, on a server of its own whose output is read:
// methods it cannot route, paths whose percent-encoding does not decode, requests Node's parser
// refuses, bodies that dribble in or stop halfway, the sign-in page's `next`, and the origin a
// signed-in write is judged by. Every /api answer is JSON in the contract's shape with a request
// id and the security headers; pages get the app's own pages; nothing is a 500.
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { startApp, tempSqliteUrl, type RunningApp } from '../support/app'
import { TEST_PASSWORD, makeKey, makeService, makeUser } from '../support/fixtures'
import { rawRequest, sendWholeBody, type RawAnswer } from '../support/rawHttp'

const BODY_TIMEOUT_MS = 1_500
// Short here, so the test can watch it run out; the default (65 s) is above proxies' idle timeouts.
const KEEP_ALIVE_TIMEOUT_MS = 3_000

let app: RunningApp
let db: Db
let cleanup: () => void
let key: string
let serviceId: string
let cookie: string

beforeAll(async () => {
  const tmp = tempSqliteUrl()
  cleanup = tmp.cleanup
  app = await startApp({ databaseUrl: tmp.url, env: { LOG_LEVEL: 'info', BODY_TIMEOUT_MS: String(BODY_TIMEOUT_MS), KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS) } })
  db = await createDb(resolveDatabaseUrl(tmp.url))
  key = (await makeKey(db)).key
  serviceId = (await makeService(db)).id
  const user = await makeUser(db, 'responder')
  const r = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email, password: TEST_PASSWORD }),
  })
  cookie = r.headers.get('set-cookie')!.split(';')[0]
})
afterAll(async () => {
  await app?.stop()
  await db?.close()
  cleanup?.()
})

/** An /api answer as the contract wants every one: JSON error shape, request id, security headers. */
function expectApiError(a: RawAnswer, status: number, code: string) {
  const what = `${a.status} ${JSON.stringify(a.headers)} ${a.body.slice(0, 200)}`
  expect(a.status, what).toBe(status)
  expect(a.headers['content-type'], what).toMatch(/^application\/json/)
  expect(a.headers['x-content-type-options'], what).toBe('nosniff')
  expect(a.headers['content-security-policy'], what).toContain("default-src 'none'")
  const body = JSON.parse(a.body)
  expect(body).toEqual({ error: { code, message: expect.any(String), requestId: a.headers['x-request-id'] } })
  expect(a.headers['x-request-id']).toMatch(/^req_/)
}

describe('methods Next cannot route', () => {
  it.each(['TRACE', 'PROPFIND', 'SEARCH', 'LOCK', 'MKCOL', 'PURGE'])('%s is a JSON 405 with Allow, on /api and on pages', async (method) => {
    for (const path of ['/api/health', '/api/incidents', '/api/incidents/inc_x', '/', '/incidents/inc_x']) {
      const a = await rawRequest(app.port, `${method} ${path} HTTP/1.1\r\nAuthorization: Bearer ${key}`)
      expectApiError(a, 405, 'METHOD_NOT_ALLOWED')
      expect(a.headers.allow).toContain('GET')
    }
  })

  it('CONNECT is a JSON 405 too, not a dropped connection', async () => {
    expectApiError(await rawRequest(app.port, 'CONNECT 127.0.0.1:443 HTTP/1.1'), 405, 'METHOD_NOT_ALLOWED')
  })

  it('a request Node cannot parse is a JSON 400 (431 for oversized headers)', async () => {
    expectApiError(await rawRequest(app.port, 'FOO /api/health HTTP/1.1'), 400, 'INVALID_REQUEST')
    expectApiError(await rawRequest(app.port, 'TRACK /api/health HTTP/1.1'), 400, 'INVALID_REQUEST')
    expectApiError(await rawRequest(app.port, 'GET /api/health HTTP/1.1\r\nX-Big: ' + 'a'.repeat(20_000)), 431, 'INVALID_REQUEST')
  })
})

describe('paths whose percent-encoding does not decode', () => {
  it.each(['/api/incidents/%FF', '/api/%FF', '/api/health/%FF', '/api/incidents/%E0%A4', '/api/incidents/%', '/api/incidents/%zz%FF'])(
    '%s is a JSON 404 from the app',
    async (path) => {
      const a = await rawRequest(app.port, `GET ${path} HTTP/1.1\r\nAuthorization: Bearer ${key}`)
      expectApiError(a, 404, 'NOT_FOUND')
    },
  )

  it('an undecodable id in a write is a 404 too', async () => {
    const body = JSON.stringify({ status: 'ACKNOWLEDGED' })
    const a = await rawRequest(
      app.port,
      `PATCH /api/incidents/%FF HTTP/1.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}`,
      { body },
    )
    expectApiError(a, 404, 'NOT_FOUND')
  })

  it.each(['/incidents/%FF', '/%FF', '/admin/%C0%AF'])('page %s is the app\'s own not-found page', async (path) => {
    const a = await rawRequest(app.port, `GET ${path} HTTP/1.1\r\nCookie: ${cookie}`)
    expect(a.status).toBe(404)
    expect(a.headers['content-type']).toMatch(/^text\/html/)
    expect(a.headers['content-security-policy']).toMatch(/'nonce-/)
    expect(a.body).toContain('<html')
  })
})

describe('request bodies', () => {
  it('a body that does not arrive in time is a 408 and the connection is closed', async () => {
    const a = await rawRequest(
      app.port,
      `POST /api/incidents HTTP/1.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100`,
      { body: '{"title": ', timeout: BODY_TIMEOUT_MS + 10_000 },
    )
    expectApiError(a, 408, 'REQUEST_TIMEOUT')
    expect(a.ms).toBeLessThan(BODY_TIMEOUT_MS + 3_000)
  })

  // A client that writes its whole body before it reads (fetch, most HTTP libraries) must read the
  // answer to a body refused early, not a connection reset; and the connection serves on.
  const MiB = 1024 * 1024
  const refusedEarly: [string, () => string, { bodyBytes: number; chunked?: boolean }, number, string][] = [
    ['no credential, by Content-Length', () => 'POST /api/incidents HTTP/1.1\r\nContent-Type: application/json', { bodyBytes: MiB }, 401, 'UNAUTHORIZED'],
    ['over 64 KiB by Content-Length', () => `POST /api/incidents HTTP/1.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json`, { bodyBytes: MiB }, 413, 'PAYLOAD_TOO_LARGE'],
    ['over 64 KiB as it streams in chunks', () => `PATCH /api/incidents/inc_x HTTP/1.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json`, { bodyBytes: MiB, chunked: true }, 413, 'PAYLOAD_TOO_LARGE'],
    ['an Events v2 body over 1 MiB', () => 'POST /api/events HTTP/1.1\r\nContent-Type: application/json', { bodyBytes: 3 * MiB }, 413, 'PAYLOAD_TOO_LARGE'],
    ['a method Next cannot route (PROPFIND)', () => `PROPFIND /api/incidents HTTP/1.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/xml`, { bodyBytes: MiB }, 405, 'METHOD_NOT_ALLOWED'],
    ['a method Next cannot route, in chunks (TRACE)', () => 'TRACE / HTTP/1.1', { bodyBytes: MiB, chunked: true }, 405, 'METHOD_NOT_ALLOWED'],
  ]
  it.each(refusedEarly)('a body refused early (%s) is read to its end: the client reads its answer, then the next', async (_, head, body, status, code) => {
    const outcome = await sendWholeBody(app.port, head(), { ...body, next: '/api/health' })
    expect(outcome.socketError).toBeUndefined()
    expect(outcome.answers.map((a) => a.status)).toEqual([status, 200])
    // Events v2 errors also carry PagerDuty's fields beside the contract's (docs/api.md).
    expect(JSON.parse(outcome.answers[0].body).error).toMatchObject({ code, requestId: outcome.answers[0].headers['x-request-id'] })
  })

  it('the rest of a refused body is waited for BODY_TIMEOUT_MS at most, then the connection closes', async () => {
    const outcome = await sendWholeBody(app.port, 'POST /api/incidents HTTP/1.1\r\nContent-Type: application/json', {
      bodyBytes: MiB,
      stallAfter: 64 * 1024,
      next: '/api/health',
      timeout: BODY_TIMEOUT_MS + 10_000,
    })
    expect(outcome.answers.map((a) => a.status)).toEqual([401])
    expect(outcome.ms).toBeGreaterThan(BODY_TIMEOUT_MS - 200)
    expect(outcome.ms).toBeLessThan(BODY_TIMEOUT_MS + 3_000)
  })

  it('a client that hangs up mid-body is logged as its doing, at info, never as the database', async () => {
    const before = app.output().length
    await new Promise<void>((resolve) => {
      const socket = net.connect(app.port, '127.0.0.1', () => {
        socket.write(
          `POST /api/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"title": "half`,
        )
        setTimeout(() => socket.destroy(), 300)
      })
      socket.on('close', () => resolve())
      socket.on('error', () => {})
    })
    let lines: Record<string, unknown>[] = []
    for (let i = 0; i < 50 && !lines.some((l) => l.method === 'POST'); i++) {
      await new Promise((r) => setTimeout(r, 100))
      lines = app
        .output()
        .slice(before)
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l))
    }
    expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([])
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', msg: 'request', method: 'POST', path: '/api/incidents', clientClosed: true }))
    expect(app.output().slice(before)).not.toContain('database unavailable')
  })
})

describe('idle connections', () => {
  it('an idle connection is kept KEEP_ALIVE_TIMEOUT_MS for the next request, and closed by the server after it', async () => {
    const socket = net.connect(app.port, '127.0.0.1')
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (d) => (text += d))
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())))
    const answered = () => (text.match(/HTTP\/1\.1 200/g) ?? []).length
    const answers = async (n: number) => {
      for (let i = 0; i < 100 && answered() < n; i++) await sleep(20)
      return answered()
    }
    const get = `GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${app.port}\r\n\r\n`
    socket.write(get)
    expect(await answers(1)).toBe(1)
    expect(text.toLowerCase()).toContain(`keep-alive: timeout=${KEEP_ALIVE_TIMEOUT_MS / 1000}`)
    // Idle for a while, well inside the timeout: the connection still serves.
    await sleep(1_000)
    socket.write(get)
    expect(await answers(2)).toBe(2)
    const lastAnswer = performance.now()
    const idleMs = (await closed) - lastAnswer
    expect(idleMs).toBeGreaterThan(KEEP_ALIVE_TIMEOUT_MS - 500)
    expect(idleMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + 1_500)
  })
})

describe("the sign-in page's next", () => {
  const hostile = ['%2F%09%2Fevil.example%2Fphish', '%2F%0A%2Fevil.example%2Fphish', '%2F%0D%2Fevil.example', '%2F%5C%09evil.example', '%2F%2Fevil.example', 'https%3A%2F%2Fevil.example']

  it.each(hostile)('next=%s never leads off this origin, signed in or not, and is never a 500', async (next) => {
    for (const who of ['', `\r\nCookie: ${cookie}`]) {
      let path = `/login?next=${next}`
      // Follow the app's own redirects (at most three), as a browser would.
      for (let hop = 0; hop < 3; hop++) {
        const a = await rawRequest(app.port, `GET ${path} HTTP/1.1${who}`)
        expect(a.status, `${path} ${a.body.slice(0, 200)}`).toBeLessThan(500)
        if (a.status !== 307 && a.status !== 308 && a.status !== 303) break
        const target = new URL(a.headers.location, app.baseUrl)
        expect(target.origin).toBe(app.baseUrl)
        path = target.pathname + target.search
      }
    }
  })

  it('a clean next is kept as it is', async () => {
    const a = await rawRequest(app.port, `GET /login?next=%2Fincidents%2Finc_1 HTTP/1.1\r\nCookie: ${cookie}`)
    expect(a.status).toBe(307)
    expect(new URL(a.headers.location, app.baseUrl).pathname).toBe('/incidents/inc_1')
  })

  it('nothing in the log is a stack trace', () => {
    expect(app.output()).not.toMatch(/\n\s+at .+[(:]\d+:\d+\)?/)
    expect(app.output()).not.toContain('TypeError')
  })
})

describe('the origin signed-in writes are judged by', () => {
  it('is APP_ORIGIN, never the Host or X-Forwarded-Proto the request claims', async () => {
    const body = JSON.stringify({ title: 'from a forged host', serviceId })
    const write = (extra: string, host?: string) =>
      rawRequest(
        app.port,
        `POST /api/incidents HTTP/1.1\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}${extra}`,
        { body, host },
      )
    const forged = (host: string, extra: string) => write(extra, host)
    expectApiError(await forged('evil.example', '\r\nOrigin: http://evil.example'), 403, 'FORBIDDEN')
    expectApiError(await forged(`127.0.0.1:${app.port}`, `\r\nX-Forwarded-Proto: https\r\nOrigin: https://127.0.0.1:${app.port}`), 403, 'FORBIDDEN')
    expect((await write(`\r\nOrigin: ${app.baseUrl}`)).status).toBe(201)
  })

  it('a production server refuses to start without it', async () => {
    const tmp = tempSqliteUrl()
    try {
      const err = await startApp({ databaseUrl: tmp.url, env: { APP_ORIGIN: '' }, timeout: 60_000 }).then(
        (a) => a.stop().then(() => null),
        (e: Error) => e,
      )
      expect(err?.message).toMatch(/refusing to start: APP_ORIGIN is not set/)
    } finally {
      tmp.cleanup()
    }
  })
})
