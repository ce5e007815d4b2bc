// Dashboard sign-in: the session cookie, its same-origin rule for writes, roles and sign-out.
import { beforeAll, describe, expect, it } from 'vitest'
import { updateUser } from '@/lib/directory/users'
import { meSchema } from '@/lib/schemas/common'
import { incidentSchema } from '@/lib/schemas/incidents'
import { baseUrl, client, expectError, makeUser, TEST_PASSWORD, world, type World } from './helpers'

let w: World
const anon = client(baseUrl)

beforeAll(async () => {
  w = await world()
})

const login = (email: string, password: string, headers: Record<string, string> = {}) =>
  anon('POST', '/api/auth/login', { body: { email, password }, headers })

type Role = 'viewer' | 'responder' | 'admin'
type Session = { user: Awaited<ReturnType<typeof makeUser>>; cookie: string; as: (headers?: Record<string, string>) => Record<string, string> }

async function newSession(role: Role): Promise<Session> {
  const user = await makeUser(w.db, role)
  const r = await login(user.email, TEST_PASSWORD)
  expect(r.status, r.text).toBe(200)
  const cookie = r.headers.get('set-cookie')!.split(';')[0]
  return { user, cookie, as: (headers = {}) => ({ Cookie: cookie, ...headers }) }
}

// Each sign-in costs two password hashes, so tests that leave their session as it was share one
// per role; tests that end a session or disable a user get their own.
const shared = new Map<Role, Promise<Session>>()
function signIn(role: Role = 'responder', opts: { own?: boolean } = {}): Promise<Session> {
  if (opts.own) return newSession(role)
  if (!shared.has(role)) shared.set(role, newSession(role))
  return shared.get(role)!
}

describe('sign-in', () => {
  it('a good password answers the user and an HTTP-only, SameSite session cookie', async () => {
    const user = await makeUser(w.db, 'responder')
    const r = await login(user.email, TEST_PASSWORD)
    expect(r.status, r.text).toBe(200)
    expect(meSchema.parse(r.body)).toMatchObject({ user: { id: user.id, email: user.email, role: 'responder' } })
    expect(r.body.scopes).toEqual(expect.arrayContaining(['incidents:read', 'incidents:write']))
    const cookie = r.headers.get('set-cookie')!
    expect(cookie).toMatch(/^ic_session=[A-Za-z0-9_-]{20,};/)
    expect(cookie).toMatch(/;\s*HttpOnly/i)
    expect(cookie).toMatch(/;\s*SameSite=(Lax|Strict)/i)
    expect(cookie).toMatch(/;\s*Path=\//i)
    expect(r.text).not.toContain('passwordHash')
    expect(r.text).not.toContain('scrypt')
  })

  it('the email is matched case-insensitively and trimmed', async () => {
    const user = await makeUser(w.db)
    expect((await login(`  ${user.email.toUpperCase()} `, TEST_PASSWORD)).status).toBe(200)
  })

  it('a wrong password, an unknown email and a disabled account get the same 401', async () => {
    const user = await makeUser(w.db)
    const disabled = await makeUser(w.db)
    await updateUser(w.db, disabled.id, { disabled: true })
    const answers = [
      await login(user.email, 'wrong password'),
      await login('nobody-at-all@example.test', TEST_PASSWORD),
      await login(disabled.email, TEST_PASSWORD),
    ]
    const messages = answers.map((r) => expectError(r, 401, 'UNAUTHORIZED').message)
    expect(new Set(messages).size).toBe(1)
    for (const r of answers) expect(r.headers.get('set-cookie')).toBeNull()
  })

  it('a malformed sign-in is 400 or 422, never a session', async () => {
    expectError(await anon('POST', '/api/auth/login', { body: '{"email":' }), 400, 'INVALID_REQUEST')
    expectError(await anon('POST', '/api/auth/login', { body: { email: 'a@b.c' } }), 422, 'VALIDATION_ERROR', 'password')
    expectError(await anon('POST', '/api/auth/login', { body: { email: 'a@b.c', password: 'x', extra: 1 } }), 422, 'VALIDATION_ERROR', 'extra')
  })

  it('a sign-in from a foreign origin is refused', async () => {
    const user = await makeUser(w.db)
    const r = await login(user.email, TEST_PASSWORD, { Origin: 'https://evil.example' })
    expectError(r, 403, 'FORBIDDEN')
    expect(r.headers.get('set-cookie')).toBeNull()
  })
})

describe('the session cookie', () => {
  it('reads, and /api/auth/me names the user', async () => {
    const s = await signIn('viewer')
    expect((await anon('GET', '/api/incidents?limit=1', { headers: s.as() })).status).toBe(200)
    const me = await anon('GET', '/api/auth/me', { headers: s.as() })
    expect(meSchema.parse(me.body)).toMatchObject({ user: { id: s.user.id, role: 'viewer' }, scopes: ['incidents:read'] })
  })

  it('writes from the same origin, as the user', async () => {
    const s = await signIn('responder')
    const r = await anon('POST', '/api/incidents', { body: { title: 'by cookie', serviceId: w.serviceId }, headers: s.as({ Origin: baseUrl }) })
    expect(r.status, r.text).toBe(201)
    const i = incidentSchema.parse(r.body)
    const p = await anon('PATCH', `/api/incidents/${i.id}`, { body: { status: 'ACKNOWLEDGED' }, headers: s.as({ Origin: baseUrl }) })
    expect(p.status, p.text).toBe(200)
    const { timeline } = await w.get(i.id)
    for (const e of timeline) expect(e.actor).toEqual({ type: 'user', id: s.user.id, name: s.user.name })
  })

  it('writes with a same-origin Referer when there is no Origin', async () => {
    const s = await signIn('responder')
    const r = await anon('POST', '/api/incidents', { body: { title: 'by referer', serviceId: w.serviceId }, headers: s.as({ Referer: `${baseUrl}/incidents` }) })
    expect(r.status, r.text).toBe(201)
  })

  it('a write from a foreign origin, or with neither Origin nor Referer, is 403 and changes nothing', async () => {
    const s = await signIn('admin')
    const i = await w.create()
    const before = await w.get(i.id)
    for (const headers of [
      s.as({ Origin: 'https://evil.example' }),
      s.as({ Origin: baseUrl.replace('127.0.0.1', 'localhost') }),
      s.as({ Referer: 'https://evil.example/page' }),
      s.as({ Origin: 'null' }),
      s.as(),
    ]) {
      expectError(await anon('PATCH', `/api/incidents/${i.id}`, { body: { status: 'RESOLVED' }, headers }), 403, 'FORBIDDEN')
      expectError(await anon('POST', '/api/incidents', { body: { title: 'csrf', serviceId: w.serviceId }, headers }), 403, 'FORBIDDEN')
    }
    expect(await w.get(i.id)).toEqual(before)
    expect(await w.db.read.incident.count({ where: { title: 'csrf' } })).toBe(0)
  })

  it('a viewer cannot write, even from the same origin', async () => {
    const s = await signIn('viewer')
    const r = await anon('POST', '/api/incidents', { body: { title: 'viewer', serviceId: w.serviceId }, headers: s.as({ Origin: baseUrl }) })
    expect(expectError(r, 403, 'FORBIDDEN').message).toContain('incidents:write')
  })

  it('a tampered or unknown cookie is 401', async () => {
    const s = await signIn()
    const tampered = s.cookie.slice(0, -1) + (s.cookie.endsWith('A') ? 'B' : 'A')
    const r = await anon('GET', '/api/incidents', { headers: { Cookie: tampered } })
    expectError(r, 401, 'UNAUTHORIZED')
    expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expectError(await anon('GET', '/api/incidents', { headers: { Cookie: 'ic_session=garbage' } }), 401, 'UNAUTHORIZED')
  })

  it('an expired session is 401', async () => {
    const s = await signIn('viewer', { own: true })
    await w.db.transaction((tx) => tx.session.updateMany({ where: { userId: s.user.id }, data: { expiresAt: new Date(Date.now() - 1000) } }))
    expectError(await anon('GET', '/api/incidents', { headers: s.as() }), 401, 'UNAUTHORIZED')
  })

  it('disabling the user ends the session at once', async () => {
    const s = await signIn('responder', { own: true })
    expect((await anon('GET', '/api/auth/me', { headers: s.as() })).status).toBe(200)
    await updateUser(w.db, s.user.id, { disabled: true })
    expectError(await anon('GET', '/api/auth/me', { headers: s.as() }), 401, 'UNAUTHORIZED')
  })
})

describe('sign-out', () => {
  it('ends the session and clears the cookie', async () => {
    const s = await signIn('responder', { own: true })
    const r = await anon('POST', '/api/auth/logout', { headers: s.as({ Origin: baseUrl }) })
    expect(r.status, r.text).toBe(204)
    expect(r.headers.get('set-cookie')).toMatch(/^ic_session=;.*Max-Age=0/i)
    expectError(await anon('GET', '/api/incidents', { headers: s.as() }), 401, 'UNAUTHORIZED')
  })

  it('a cross-origin sign-out is refused', async () => {
    const s = await signIn()
    expectError(await anon('POST', '/api/auth/logout', { headers: s.as({ Origin: 'https://evil.example' }) }), 403, 'FORBIDDEN')
    expect((await anon('GET', '/api/auth/me', { headers: s.as() })).status).toBe(200)
  })
})
