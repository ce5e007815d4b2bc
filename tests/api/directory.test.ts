// Health, who-am-I, services, users and the admin endpoints for keys, services and users.
import { beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { updateUser } from '@/lib/directory/users'
import { healthSchema, serviceListSchema, userListSchema } from '@/lib/schemas/common'
import { baseUrl, client, expectError, makeService, makeUser, sessionCookie, unique, world, type World } from './helpers'

let w: World
const anon = client(baseUrl)
let adminHeaders: Record<string, string>
let responderHeaders: Record<string, string>

async function cookieFor(role: 'responder' | 'admin') {
  return { Cookie: await sessionCookie(baseUrl, (await makeUser(w.db, role)).email), Origin: baseUrl }
}

beforeAll(async () => {
  w = await world()
  adminHeaders = await cookieFor('admin')
  responderHeaders = await cookieFor('responder')
})

describe('GET /api/health', () => {
  it('answers 200 { status: "ok" } without credentials', async () => {
    const r = await anon('GET', '/api/health')
    expect(r.status).toBe(200)
    expect(healthSchema.strict().parse(r.body)).toEqual({ status: 'ok', email: 'on' })
    expect(r.headers.get('x-request-id')).toMatch(/^req_/)
  })

  it('is not disturbed by a bad credential', async () => {
    expect((await client(baseUrl, 'garbage')('GET', '/api/health')).status).toBe(200)
  })
})

describe('GET /api/auth/me', () => {
  it('names a key and its scopes', async () => {
    const api = await w.withScopes(['incidents:read'])
    const r = await api('GET', '/api/auth/me')
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ apiKey: { id: expect.stringMatching(/^key_/), name: expect.any(String) }, scopes: ['incidents:read'] })
  })

  it('is 401 without a credential', async () => {
    expectError(await anon('GET', '/api/auth/me'), 401, 'UNAUTHORIZED')
  })
})

describe('GET /api/services', () => {
  it('lists every service as { id, name }', async () => {
    const other = await makeService(w.db)
    const r = await w.api('GET', '/api/services')
    expect(r.status).toBe(200)
    const { services } = serviceListSchema.parse(r.body)
    for (const s of r.body.services) expect(Object.keys(s).sort()).toEqual(['id', 'name'])
    expect(services.map((s) => s.id)).toEqual(expect.arrayContaining([w.serviceId, other.id]))
    expect(services.find((s) => s.id === other.id)?.name).toBe(other.name)
  })
})

describe('GET /api/users', () => {
  it('lists active users as { id, name, email }, nothing more, to a key', async () => {
    const user = await makeUser(w.db)
    const gone = await makeUser(w.db)
    await updateUser(w.db, gone.id, { disabled: true })
    const r = await w.api('GET', '/api/users')
    expect(r.status).toBe(200)
    const { users } = userListSchema.parse(r.body)
    for (const u of r.body.users) expect(Object.keys(u).sort()).toEqual(['email', 'id', 'name'])
    expect(users).toContainEqual({ id: user.id, name: user.name, email: user.email })
    expect(users.map((u) => u.id)).not.toContain(gone.id)
    expect(r.text).not.toMatch(/passwordHash|scrypt/)
  })
})

describe('admin endpoints', () => {
  const createdKey = z.object({ id: z.string(), key: z.string(), scopes: z.array(z.string()), expiresAt: z.string().nullable() })

  it('an admin creates a key, shown once, that works at once; the list never shows a secret', async () => {
    const r = await anon('POST', '/api/keys', { body: { name: unique('k'), scopes: ['incidents:read'] }, headers: adminHeaders })
    expect(r.status, r.text).toBe(201)
    const k = createdKey.parse(r.body)
    expect(k.key).toMatch(/^ick_/)
    expect(k.scopes).toEqual(['incidents:read'])
    expect((await client(baseUrl, k.key)('GET', '/api/incidents?limit=1')).status).toBe(200)
    const list = await anon('GET', '/api/keys', { headers: adminHeaders })
    expect(list.status).toBe(200)
    expect(list.text).not.toContain(k.key)
    expect(list.text).not.toContain(k.key.slice(17))
    expect(list.text).not.toMatch(/secretHash/)
    expect(list.body.keys.find((x: { id: string }) => x.id === k.id)).toMatchObject({ prefix: k.key.slice(0, 16) })
  })

  it('an unknown or wrongly cased scope is refused', async () => {
    for (const scopes of [['incidents:delete'], ['Incidents:Read'], ['admin'], []]) {
      const r = await anon('POST', '/api/keys', { body: { name: 'bad', scopes }, headers: adminHeaders })
      expectError(r, 422, 'VALIDATION_ERROR', 'scopes')
    }
  })

  it('revoking a key stops it on the next request', async () => {
    const k = createdKey.parse((await anon('POST', '/api/keys', { body: { name: unique('k'), scopes: ['incidents:read'] }, headers: adminHeaders })).body)
    const api = client(baseUrl, k.key)
    expect((await api('GET', '/api/incidents?limit=1')).status).toBe(200)
    expect((await anon('DELETE', `/api/keys/${k.id}`, { headers: adminHeaders })).status).toBe(204)
    expectError(await api('GET', '/api/incidents?limit=1'), 401, 'UNAUTHORIZED')
    expectError(await anon('DELETE', '/api/keys/key_nope', { headers: adminHeaders }), 404, 'NOT_FOUND')
  })

  it('no API key, whatever its scopes, and no responder may manage keys, users or services', async () => {
    const everything = await w.withScopes(['incidents:read', 'incidents:write', 'events:write'])
    const calls: [string, string, unknown][] = [
      ['GET', '/api/keys', undefined],
      ['POST', '/api/keys', { name: 'x', scopes: ['incidents:read'] }],
      ['POST', '/api/services', { name: unique('svc') }],
      ['POST', '/api/users', { email: 'x@example.test', name: 'x', role: 'admin', password: 'long enough pw' }],
    ]
    for (const [method, path, body] of calls) {
      expectError(await everything(method, path, { body }), 403, 'FORBIDDEN')
      expectError(await anon(method, path, { body, headers: responderHeaders }), 403, 'FORBIDDEN')
    }
  })

  it('an admin creates a service; a duplicate name is a 409', async () => {
    const name = unique('svc')
    const r = await anon('POST', '/api/services', { body: { name: `  ${name} ` }, headers: adminHeaders })
    expect(r.status, r.text).toBe(201)
    expect(r.body).toEqual({ id: expect.stringMatching(/^svc_/), name })
    const services = serviceListSchema.parse((await w.api('GET', '/api/services')).body).services
    expect(services).toContainEqual({ id: r.body.id, name })
    expectError(await anon('POST', '/api/services', { body: { name }, headers: adminHeaders }), 409, 'CONFLICT')
    expectError(await anon('POST', '/api/services', { body: { name: '' }, headers: adminHeaders }), 422, 'VALIDATION_ERROR', 'name')
  })

  it('an admin creates a user who can sign in; a duplicate email is a 409', async () => {
    const email = `${unique('new').replace(/\W+/g, '-')}@example.test`
    const r = await anon('POST', '/api/users', { body: { email, name: 'New One', role: 'viewer', password: 'a long password' }, headers: adminHeaders })
    expect(r.status, r.text).toBe(201)
    expect(r.body).toMatchObject({ id: expect.stringMatching(/^usr_/), email, role: 'viewer' })
    expect(r.text).not.toMatch(/password/i)
    expect((await anon('POST', '/api/auth/login', { body: { email, password: 'a long password' } })).status).toBe(200)
    expectError(
      await anon('POST', '/api/users', { body: { email, name: 'Again', role: 'viewer', password: 'a long password' }, headers: adminHeaders }),
      409,
      'CONFLICT',
    )
    expectError(
      await anon('POST', '/api/users', { body: { email: 'x@example.test', name: 'x', role: 'root', password: 'a long password' }, headers: adminHeaders }),
      422,
      'VALIDATION_ERROR',
      'role',
    )
  })
})
