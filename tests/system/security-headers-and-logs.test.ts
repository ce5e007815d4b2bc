// Security headers on pages and the API, no CORS, and nothing secret in a response or a log
// line: a server of its own at the most talkative log level, whose whole output is read after
// requests with a key, sign-ins (right and wrong), a key in a query string and failures of
// every kind, including a real 500.
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { startApp, tempSqliteUrl, type RunningApp } from '../support/app'
import { TEST_PASSWORD, client, makeKey, makeService, makeUser } from '../support/fixtures'

const STACK_LINE = /\n\s+at .+[(:]\d+:\d+\)?/
const SQL = /\b(SELECT|INSERT INTO|UPDATE "|DELETE FROM)\b/

let app: RunningApp
let db: Db
let url: string
let cleanup: () => void
let key: string
let serviceId: string
let email: string

beforeAll(async () => {
  const tmp = tempSqliteUrl()
  ;({ url, cleanup } = tmp)
  app = await startApp({ databaseUrl: url, env: { LOG_LEVEL: 'debug' } })
  db = await createDb(resolveDatabaseUrl(url))
  key = (await makeKey(db)).key
  serviceId = (await makeService(db)).id
  email = (await makeUser(db, 'responder')).email
})
afterAll(async () => {
  await app?.stop()
  await db?.close()
  cleanup?.()
})

describe('headers', () => {
  it('gives pages a nonce CSP that every script carries, and no unsafe-inline script', async () => {
    const nonces = new Set<string>()
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${app.baseUrl}/login`)
      expect(res.status).toBe(200)
      const csp = res.headers.get('content-security-policy') ?? ''
      const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? ''
      expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/)
      expect(scriptSrc).not.toContain('unsafe-inline')
      expect(scriptSrc).not.toContain('unsafe-eval')
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("object-src 'none'")
      const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]
      nonces.add(nonce)
      const html = await res.text()
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
      expect(scripts.length).toBeGreaterThan(0)
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
    }
    expect(nonces.size).toBe(2) // fresh per request
  })

  it('gives every API answer nosniff, a deny-all CSP and no CORS, whoever asks', async () => {
    const evil = { Origin: 'https://evil.example' }
    const answers = [
      await fetch(`${app.baseUrl}/api/health`, { headers: evil }),
      await fetch(`${app.baseUrl}/api/incidents`, { headers: { ...evil, Authorization: `Bearer ${key}` } }),
      await fetch(`${app.baseUrl}/api/incidents`, { headers: evil }),
      await fetch(`${app.baseUrl}/api/incidents/inc_x`, { method: 'DELETE', headers: { ...evil, Authorization: `Bearer ${key}` } }),
      await fetch(`${app.baseUrl}/api/incidents`, {
        method: 'OPTIONS',
        headers: { ...evil, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
      }),
    ]
    expect(answers.map((r) => r.status)).toEqual([200, 200, 401, 405, expect.any(Number)])
    expect(answers[3].headers.get('allow')).toBe('GET, PATCH')
    for (const r of answers) {
      expect(r.status).toBeLessThan(500)
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('content-security-policy')).toContain("default-src 'none'")
      for (const h of r.headers.keys()) expect(h).not.toMatch(/^access-control-allow-/)
    }
  })
})

describe('secrets and stacks', () => {
  it('never writes a key, a password, a cookie, a stack or SQL into a response or the log', async () => {
    const api = client(app.baseUrl, key)
    const anon = client(app.baseUrl)
    const wrongPassword = 'wrong horse battery staple'
    const bodies: string[] = []
    const keep = <T extends { text: string }>(r: T) => (bodies.push(r.text), r)

    keep(await api('GET', '/api/incidents'))
    const created = keep(await api('POST', '/api/incidents', { body: { title: 'secret-free', serviceId } }))
    expect(created.status).toBe(201)
    keep(await api('PATCH', `/api/incidents/${created.body.id}`, { body: { status: 'acknowledged' } }))
    keep(await api('POST', '/api/incidents', { body: '{"title": ' }))
    keep(await api('GET', '/api/incidents/inc_nope'))
    keep(await anon('GET', `/api/incidents?api_key=${key}&token=${key}`))
    keep(await client(app.baseUrl, key.slice(0, -2) + 'zz')('GET', '/api/incidents'))
    const signedIn = keep(await anon('POST', '/api/auth/login', { body: { email, password: TEST_PASSWORD } }))
    expect(signedIn.status).toBe(200)
    const token = /ic_session=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]
    keep(await anon('GET', '/api/auth/me', { headers: { Cookie: `ic_session=${token}` } }))
    keep(await anon('POST', '/api/auth/login', { body: { email, password: wrongPassword } }))
    keep(await anon('POST', '/api/auth/login', { body: `{"email": "${email}", "password": "${wrongPassword}"` }))
    keep(await anon('POST', '/api/auth/login', { body: `{"email": "${email}", "password": ${wrongPassword}}` }))

    // A real 500: the incidents table disappears under the running server for a moment.
    const sqlite = new Database(resolveDatabaseUrl(url).url)
    sqlite.exec('ALTER TABLE "Incident" RENAME TO "Incident_hidden"')
    let broken
    try {
      broken = keep(await api('GET', '/api/incidents'))
    } finally {
      sqlite.exec('ALTER TABLE "Incident_hidden" RENAME TO "Incident"')
      sqlite.close()
    }
    expect(broken.status).toBeGreaterThanOrEqual(500)
    expect(broken.body).toEqual({ error: { code: expect.stringMatching(/INTERNAL_ERROR|SERVICE_UNAVAILABLE/), message: expect.any(String), requestId: expect.any(String) } })

    await new Promise((r) => setTimeout(r, 200)) // let the last log lines arrive
    const out = app.output()
    expect(out).toContain(broken.headers.get('x-request-id')) // the log line carries the request id
    // Whole secrets and any 8-character piece of a password (a parser's message quotes pieces).
    const pieces = (s: string) => Array.from({ length: s.length - 7 }, (_, i) => s.slice(i, i + 8))
    const secrets = [key, key.slice(4, 20), key.slice(-20), token, ...pieces(TEST_PASSWORD), ...pieces(wrongPassword)]
    for (const text of [out, ...bodies]) {
      for (const s of secrets) expect(text).not.toContain(s)
      expect(text).not.toMatch(STACK_LINE)
      expect(text).not.toMatch(SQL)
      expect(text).not.toMatch(/node_modules|\.next-|prisma:/i)
    }
  })
})
