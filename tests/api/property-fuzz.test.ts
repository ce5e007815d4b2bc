// Arbitrary JSON bodies, query strings, headers, path segments and unicode against every /api
// route: the answer is never a 500 and always JSON (an error always in the contract's one shape),
// and afterwards every incident in the database still satisfies the contract's invariants. Then
// raw paths (percent-encoding that does not decode), any method (TRACE, CONNECT, WebDAV, unknown
// tokens) on /api and on pages, and the sign-in page's `next`: never a 500, never off this origin.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Db } from '@/lib/db/client'
import { ROOT } from '../support/app'
import { makeKey, makeService, makeUser, sessionCookie, testDb } from '../support/fixtures'
import { invariantViolations } from '../support/invariants'
import { rawRequest } from '../support/rawHttp'

const baseUrl = inject('baseUrl')
const RUNS = Number(process.env.FUZZ_RUNS ?? 40)

/** Every route.ts under app/api, as a URL path with its dynamic segments marked. */
function apiRoutes(): string[] {
  const found: string[] = []
  const walk = (dir: string, url: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      if (d.isDirectory()) walk(path.join(dir, d.name), `${url}/${d.name}`)
      else if (d.name === 'route.ts') found.push(url)
    }
  }
  walk(path.join(ROOT, 'app/api'), '/api')
  return found.sort()
}

// Header values must be Latin-1 to be sent at all; everything else goes in bodies and queries.
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 300 })
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 300 }))
const STATUS_WORDS = ['OPEN', 'open', 'triggered', 'TRIGGERED', 'acknowledged', 'Resolved', 'SNOOZED', 'snoozed', 'closed', '']
const fieldValue = fc.oneof(
  fc.jsonValue(),
  anyText,
  fc.constantFrom(...STATUS_WORDS, 'HIGH', 'low', 'P1', 'p5', 'P0', null, '', ' ', '\u0000', '\ud800', 'x'.repeat(256)),
  fc.integer({ min: -2, max: 20_000 }),
  fc.double(),
)
const INCIDENT_FIELDS = ['title', 'serviceId', 'description', 'urgency', 'priority', 'assigneeId', 'status', 'snoozeMinutes', 'id', 'number', 'createdAt', 'resolvedAt', '__proto__', 'constructor']
const incidentLike = fc.dictionary(fc.constantFrom(...INCIDENT_FIELDS), fieldValue, { maxKeys: 6 })
const body = fc.oneof(
  incidentLike.map((o) => JSON.stringify(o)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.json(),
  anyText,
  fc.constantFrom('', '{', '{"title": "x",}', 'null', '[]', '"str"', '{"a":1}{"b":2}', '\ufeff{"title":"bom"}', '{"title":"\\ud800"}', '{"title":"a\\u0000b"}'),
)
const QUERY_KEYS = ['limit', 'offset', 'status', 'serviceId', 'urgency', 'assigneeId', 'q', 'createdAfter', 'createdBefore', 'sort', 'order', 'x', 'limit[]']
const query = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), fc.oneof(anyText, fc.constantFrom('-1', '0', '1', '200', '201', '1e3', '2024-02-30', '2024-01-01T00:00:00Z', '#1', 'none', 'OPEN,,closed'))), { maxLength: 5 })
    .map((pairs) => {
      try {
        return new URLSearchParams(pairs).toString() // lone surrogates become U+FFFD here
      } catch {
        return ''
      }
    }),
  fc.constantFrom('%', '%E0%A4%A', 'limit=%FF', 'q=%00', 'status=%F0%9F%92%A9', '&&&=', 'limit=1&limit=x', 'q=' + '%41'.repeat(300)),
)
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json', 'multipart/form-data', '', 'APPLICATION/JSON']
const extraHeaders = fc.record(
  {
    'content-type': fc.oneof(fc.constantFrom(...CONTENT_TYPES), headerText),
    'if-match': fc.oneof(headerText, fc.constant('*'), fc.constant('"inc_x.1"')),
    'idempotency-key': fc.oneof(headerText, fc.constant('')),
    accept: fc.constantFrom('text/html', '*/*', 'application/json', 'text/event-stream'),
    'x-forwarded-for': headerText,
  },
  { requiredKeys: [] },
)
const wellFormed = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
const segment = fc.oneof(anyText.map((s) => encodeURIComponent(wellFormed(s)) || 'x'), fc.constantFrom('inc_', 'inc_' + '0'.repeat(26), '..', '%2e%2e', 'x'.repeat(2000), '%00', 'null', '-1'))
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

interface Sent {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
}

async function send(r: Sent) {
  const stream = r.url.includes('/stream')
  const ac = new AbortController()
  const timer = setTimeout(() => ac.abort(), 5_000)
  try {
    const res = await fetch(baseUrl + r.url, {
      method: r.method,
      headers: r.headers,
      body: r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body,
      signal: ac.signal,
    })
    // An event stream that opened is fine: read no further.
    if (stream && res.status === 200) {
      await res.body?.cancel()
      return { status: res.status, type: res.headers.get('content-type') ?? '', text: '' }
    }
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() }
  } finally {
    clearTimeout(timer)
  }
}

/** The one thing that must hold for any answer from /api. */
function expectSound(r: Sent, a: { status: number; type: string; text: string }) {
  const what = `${r.method} ${r.url} → ${a.status} ${a.type} ${a.text.slice(0, 300)}`
  expect(a.status, what).toBeLessThan(500)
  if (r.method === 'HEAD' || a.status === 204 || (a.status === 200 && r.url.includes('/stream'))) return
  if (r.method === 'OPTIONS' && a.status === 204) return
  // A CSV download is CSV when it succeeds; its errors are the contract's JSON like any other.
  if (a.status === 200 && r.url.split(/[?#]/)[0] === '/api/analytics.csv') {
    expect(a.type, what).toBe('text/csv; charset=utf-8')
    return
  }
  expect(a.type, what).toMatch(/^application\/json/)
  const parsed = JSON.parse(a.text)
  if (a.status >= 400) {
    // POST /api/events adds PagerDuty's own error fields beside `error` (the contract).
    const pagerDuty = r.url.split(/[?#]/)[0] === '/api/events' && r.method === 'POST'
    expect(parsed, what).toEqual({
      error: expect.objectContaining({ code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String), requestId: expect.stringMatching(/^req_/) }),
      ...(pagerDuty ? { status: 'invalid event', message: parsed.error.message, errors: expect.any(Array) } : {}),
    })
    expect(Object.keys(parsed.error).every((k) => ['code', 'message', 'details', 'requestId'].includes(k)), what).toBe(true)
  }
}

describe('fuzzing every /api route', () => {
  let db: Db
  const auth: Record<string, Record<string, string>> = {}
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    db = await testDb(inject('databaseUrl'))
    const key = await makeKey(db)
    const victimKey = await makeKey(db)
    const service = await makeService(db)
    const admin = await makeUser(db, 'admin')
    const victimUser = await makeUser(db, 'responder')
    const cookie = await sessionCookie(baseUrl, admin.email)
    auth.key = { authorization: `Bearer ${key.key}` }
    auth.admin = { cookie, origin: baseUrl }
    auth.none = {}
    auth.garbage = { authorization: 'Bearer ick_nope' }
    const created = await fetch(`${baseUrl}/api/incidents`, {
      method: 'POST',
      headers: { ...auth.key, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'fuzz target', serviceId: service.id }),
    })
    ids.incidents = (await created.json()).id
    ids.services = service.id
    ids.users = victimUser.id
    ids.keys = victimKey.id
  })

  const routes = apiRoutes()

  it('finds the routes', () => {
    expect(routes).toEqual(expect.arrayContaining(['/api/incidents', '/api/incidents/[id]', '/api/health', '/api/auth/login']))
  })

  /** A concrete URL for a route: its own test record's id, or a fuzzed segment. */
  const urlArb = fc.tuple(fc.constantFrom(...routes), fc.boolean(), segment, query).map(([r, real, seg, q]) => {
    const resource = r.split('/')[2]
    const filled = r.replace(/\[[^\]]+\]/g, real && ids[resource] ? ids[resource] : seg)
    return q ? `${filled}?${q}` : filled
  })

  it('never answers 500 or non-JSON, whatever is sent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...METHODS),
        urlArb,
        fc.constantFrom('key', 'admin', 'none', 'garbage'),
        extraHeaders,
        body,
        async (method, url, who, headers, b) => {
          // Signing out would end the admin session the other runs use.
          if (url.startsWith('/api/auth/logout') && who === 'admin') who = 'key'
          const r: Sent = { method, url, headers: { ...headers, ...auth[who] }, body: b }
          expectSound(r, await send(r))
        },
      ),
      { numRuns: RUNS * 6, interruptAfterTimeLimit: 20_000 },
    )
  }, 60_000)

  it('never answers 500 to arbitrary incident bodies, and refuses what it cannot store', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), incidentLike, async (patch, fields) => {
        const r: Sent = patch
          ? { method: 'PATCH', url: `/api/incidents/${ids.incidents}`, headers: { ...auth.key, 'content-type': 'application/json' }, body: JSON.stringify(fields) }
          : { method: 'POST', url: '/api/incidents', headers: { ...auth.key, 'content-type': 'application/json' }, body: JSON.stringify({ title: 't', serviceId: ids.services, ...fields }) }
        const a = await send(r)
        expectSound(r, a)
        if (a.status < 300) {
          // What was accepted reads back the same.
          const stored = JSON.parse(a.text)
          const again = await send({ method: 'GET', url: `/api/incidents/${stored.id}`, headers: auth.key })
          expect(JSON.parse(again.text)).toMatchObject({ title: stored.title, description: stored.description, status: stored.status })
        }
      }),
      { numRuns: RUNS * 3, interruptAfterTimeLimit: 15_000 },
    )
  }, 60_000)

  // Printable ASCII without the space: what a request line can carry byte for byte.
  const rawPiece = fc.oneof(
    fc.constantFrom('%', '%FF', '%E0%A4', '%C0%AF', '%zz', '%2', '%00', '%25', '%2F', '%5C', '..', '.', '%2e%2e', '\\', '//', 'inc_', '?', '#', ';'),
    fc.tuple(fc.constantFrom(...'0123456789ABCDEFabcdefgz'), fc.constantFrom(...'0123456789ABCDEFabcdefgz')).map(([a, b]) => `%${a}${b}`),
    fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 12 }),
  )
  const rawPath = fc
    .tuple(fc.constantFrom('/api/', '/api/incidents/', '/api/keys/', '/api/users/', '/', '/incidents/', '/admin/', '/login/'), fc.array(rawPiece, { maxLength: 6 }))
    .map(([prefix, pieces]) => prefix + pieces.join(''))
  const ANY_METHODS = [...METHODS, 'TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'SEARCH', 'PURGE', 'REPORT', 'FOO', 'get']
  const port = new URL(baseUrl).port

  it('never answers 500 to any method on any raw path, and /api always in JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ANY_METHODS), rawPath, fc.constantFrom('key', 'admin', 'none'), async (method, path, who) => {
        const headers = Object.entries(auth[who]).map(([k, v]) => `\r\n${k}: ${v}`).join('')
        const a = await rawRequest(Number(port), `${method} ${path} HTTP/1.1${headers}`)
        const what = `${method} ${path} → ${a.status} ${a.headers['content-type']} ${a.body.slice(0, 200)}`
        expect(a.status, what).toBeGreaterThanOrEqual(200)
        expect(a.status, what).toBeLessThan(500)
        if (method === 'HEAD' || a.status === 204 || a.status === 304) return
        // Next's own redirects (a trailing slash dropped) stay on this origin.
        if (a.status === 308 || a.status === 307) {
          expect(new URL(a.headers.location, baseUrl).origin, what).toBe(new URL(baseUrl).origin)
          return
        }
        // Under /api as the server resolves the path (dot segments and `\\` as a browser would), or
        // a method no route serves: then JSON in the one shape, with its request id.
        const underApi = /^\/api(\/|$)/.test(new URL(`http://x${path}`).pathname)
        if (underApi || !['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].includes(method.toUpperCase())) {
          expect(a.headers['content-type'], what).toMatch(/^application\/json/)
          if (a.status >= 400) expect(JSON.parse(a.body).error.requestId, what).toBe(a.headers['x-request-id'])
        }
      }),
      { numRuns: RUNS * 5, interruptAfterTimeLimit: 20_000 },
    )
  }, 60_000)

  it("the sign-in page's next never leads off this origin, and is never a 500", async () => {
    const nextValue = fc.oneof(
      anyText,
      fc.array(fc.constantFrom('/', '\\', '\t', '\n', '\r', '.', '..', '%2e', '%2f', '%5c', ':', '@', 'evil.example', 'https:', '?', '#', ' ', '\u0000', 'incidents'), { maxLength: 8 }).map((p) => p.join('')),
    )
    await fc.assert(
      fc.asyncProperty(nextValue, fc.boolean(), fc.boolean(), async (next, signedIn, encoded) => {
        // Encoded as a browser would send it, or as raw bytes where a request line can carry them.
        const value = encoded ? encodeURIComponent(wellFormed(next)) : wellFormed(next).replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c))
        let path = `/login?next=${value}`
        const cookie = signedIn ? `\r\ncookie: ${auth.admin.cookie}` : ''
        for (let hop = 0; hop < 3; hop++) {
          const a = await rawRequest(Number(port), `GET ${path} HTTP/1.1${cookie}`)
          expect(a.status, `${path} → ${a.status} ${a.body.slice(0, 200)}`).toBeLessThan(500)
          if (![301, 302, 303, 307, 308].includes(a.status)) return
          const target = new URL(a.headers.location, baseUrl)
          expect(target.origin, `${path} → ${a.headers.location}`).toBe(new URL(baseUrl).origin)
          path = target.pathname + target.search
        }
      }),
      { numRuns: RUNS * 3, interruptAfterTimeLimit: 20_000 },
    )
  }, 60_000)

  it('leaves every incident sound', async () => {
    expect(await invariantViolations(db)).toEqual([])
  })
})
