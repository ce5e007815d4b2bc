// Authentication and scopes: who may call, and what each credential may do.
import { beforeAll, describe, expect, it } from 'vitest'
import { generateKey, revokeApiKey } from '@/lib/auth/apiKeys'
import { incidentListSchema, incidentWithTimelineSchema } from '@/lib/schemas/incidents'
import { serviceListSchema, userListSchema } from '@/lib/schemas/common'
import { baseUrl, client, expectError, makeKey, makeUser, sleep, TEST_PASSWORD, world, type World } from './helpers'

let w: World
let incidentId: string

beforeAll(async () => {
  w = await world()
  incidentId = (await w.create()).id
})

/** Every incidents endpoint, with a body that would otherwise succeed (or be a no-op). */
const endpoints = () => [
  { method: 'GET', path: '/api/incidents', scope: 'incidents:read' },
  { method: 'GET', path: `/api/incidents/${incidentId}`, scope: 'incidents:read' },
  { method: 'GET', path: '/api/services', scope: 'incidents:read' },
  { method: 'GET', path: '/api/users', scope: 'incidents:read' },
  { method: 'POST', path: '/api/incidents', scope: 'incidents:write', body: { title: 'scoped', serviceId: w.serviceId } },
  { method: 'PATCH', path: `/api/incidents/${incidentId}`, scope: 'incidents:write', body: { urgency: 'HIGH' } },
]

function expect401(r: Awaited<ReturnType<ReturnType<typeof client>>>) {
  expectError(r, 401, 'UNAUTHORIZED')
  expect(r.headers.get('www-authenticate')).toMatch(/^Bearer\b/)
}

/** Sends `authorization` as it is (or none) to every endpoint; all must be 401. */
async function expectAll401(authorization: string | null, query = '') {
  for (const e of endpoints()) {
    const headers: Record<string, string> = authorization === null ? {} : { Authorization: authorization }
    const path = e.path + (query ? `${e.path.includes('?') ? '&' : '?'}${query}` : '')
    const r = await client(baseUrl)(e.method, path, { body: e.body, headers })
    expect401(r)
  }
}

describe('401 UNAUTHORIZED with WWW-Authenticate: Bearer', () => {
  it('no credential at all', async () => {
    await expectAll401(null)
  })

  it('a garbage key', async () => {
    await expectAll401('Bearer garbage')
    await expectAll401('Bearer ')
    await expectAll401('Bearer')
  })

  it('a key altered by one character', async () => {
    const last = w.key.at(-1) === 'a' ? 'b' : 'a'
    await expectAll401(`Bearer ${w.key.slice(0, -1)}${last}`)
    const mid = 20
    await expectAll401(`Bearer ${w.key.slice(0, mid)}${w.key[mid] === 'Z' ? 'Y' : 'Z'}${w.key.slice(mid + 1)}`)
  })

  it('a well-formed key with a valid checksum that was never issued', async () => {
    await expectAll401(`Bearer ${generateKey().key}`)
  })

  it('a revoked key, from the very next request', async () => {
    const k = await makeKey(w.db)
    const api = client(baseUrl, k.key)
    expect((await api('GET', '/api/incidents?limit=1')).status).toBe(200)
    await revokeApiKey(w.db, k.id)
    expect401(await api('GET', '/api/incidents?limit=1'))
    expect401(await api('POST', '/api/incidents', { body: { title: 'after revoke', serviceId: w.serviceId } }))
  })

  it('an expired key, from the very next request', async () => {
    const k = await makeKey(w.db, ['incidents:read', 'incidents:write'], { expiresInDays: 1 })
    const api = client(baseUrl, k.key)
    expect((await api('GET', '/api/incidents?limit=1')).status).toBe(200)
    await w.db.transaction((tx) => tx.apiKey.update({ where: { id: k.id }, data: { expiresAt: new Date(Date.now() - 1000) } }))
    expect401(await api('GET', '/api/incidents?limit=1'))
  })

  it('another scheme: Basic, Token, or the bare key', async () => {
    await expectAll401(`Basic ${Buffer.from(`${w.key}:`).toString('base64')}`)
    await expectAll401(`Token ${w.key}`)
    await expectAll401(w.key)
    await expectAll401(`Bearer ${w.key} extra`)
  })

  it('a valid key in the query string is ignored', async () => {
    await expectAll401(null, `api_key=${w.key}`)
    await expectAll401(null, `access_token=${w.key}`)
    await expectAll401(null, `key=${w.key}`)
  })

  it('never echoes the key it was given', async () => {
    const sent = `${w.key.slice(0, -1)}${w.key.at(-1) === 'a' ? 'b' : 'a'}`
    const r = await client(baseUrl, sent)('GET', '/api/incidents')
    expect(r.status).toBe(401)
    expect(r.text).not.toContain(sent)
    expect(r.text).not.toContain(sent.slice(17))
  })
})

describe('scopes', () => {
  it('a read-only key reads, and is refused every write with 403 naming incidents:write', async () => {
    const api = await w.withScopes(['incidents:read'])
    for (const e of endpoints()) {
      const r = await api(e.method, e.path, { body: e.body })
      if (e.scope === 'incidents:read') expect(r.status, `${e.method} ${e.path}`).toBe(200)
      else expect(expectError(r, 403, 'FORBIDDEN').message).toContain('incidents:write')
    }
  })

  it('an events:write-only key is refused everywhere with 403 naming the missing scope', async () => {
    const api = await w.withScopes(['events:write'])
    for (const e of endpoints()) {
      const r = await api(e.method, e.path, { body: e.body })
      expect(expectError(r, 403, 'FORBIDDEN').message).toContain(e.scope)
    }
  })

  it('incidents:write alone includes incidents:read', async () => {
    const api = await w.withScopes(['incidents:write'])
    const list = await api('GET', '/api/incidents?limit=1')
    expect(list.status).toBe(200)
    incidentListSchema.parse(list.body)
    const one = await api('GET', `/api/incidents/${incidentId}`)
    expect(one.status).toBe(200)
    incidentWithTimelineSchema.parse(one.body)
    serviceListSchema.parse((await api('GET', '/api/services')).body)
    userListSchema.parse((await api('GET', '/api/users')).body)
    expect((await api('POST', '/api/incidents', { body: { title: 'by write-only key', serviceId: w.serviceId } })).status).toBe(201)
  })

  it('403 comes before 404: a read-only key patching an unknown incident', async () => {
    const api = await w.withScopes(['incidents:read'])
    expectError(await api('PATCH', '/api/incidents/inc_nope', { body: { status: 'OPEN' } }), 403, 'FORBIDDEN')
  })

  it('records when a key was last used', async () => {
    const k = await makeKey(w.db)
    const before = await w.db.read.apiKey.findUnique({ where: { id: k.id } })
    expect(before?.lastUsedAt).toBeNull()
    expect((await client(baseUrl, k.key)('GET', '/api/incidents?limit=1')).status).toBe(200)
    let lastUsedAt: Date | null = null
    for (let i = 0; i < 50 && !lastUsedAt; i++) {
      await sleep(100)
      lastUsedAt = (await w.db.read.apiKey.findUnique({ where: { id: k.id } }))?.lastUsedAt ?? null
    }
    expect(lastUsedAt).not.toBeNull()
    expect(Math.abs(lastUsedAt!.getTime() - Date.now())).toBeLessThan(60_000)
    // Not a write per request: within its resolution, another use leaves it as it was.
    expect((await client(baseUrl, k.key)('GET', '/api/incidents?limit=1')).status).toBe(200)
    await sleep(300)
    expect((await w.db.read.apiKey.findUnique({ where: { id: k.id } }))?.lastUsedAt).toEqual(lastUsedAt)
  })
})

describe('a Bearer key and a session cookie together are judged by the key alone', () => {
  async function cookieOf(role: 'viewer' | 'responder') {
    const user = await makeUser(w.db, role)
    const r = await client(baseUrl)('POST', '/api/auth/login', { body: { email: user.email, password: TEST_PASSWORD } })
    expect(r.status, r.text).toBe(200)
    return r.headers.get('set-cookie')!.split(';')[0]
  }

  it('a viewer cookie with a write key may write', async () => {
    const cookie = await cookieOf('viewer')
    const r = await client(baseUrl, w.key)('POST', '/api/incidents', {
      body: { title: 'key wins', serviceId: w.serviceId },
      headers: { Cookie: cookie },
    })
    expect(r.status, r.text).toBe(201)
    expect((await w.get(r.body.id)).timeline[0].actor).toMatchObject({ type: 'apiKey' })
  })

  it('a responder cookie with a bad key is 401', async () => {
    const cookie = await cookieOf('responder')
    expect((await client(baseUrl)('GET', '/api/incidents?limit=1', { headers: { Cookie: cookie } })).status).toBe(200)
    expect401(await client(baseUrl, 'garbage')('GET', '/api/incidents?limit=1', { headers: { Cookie: cookie } }))
  })

  it('a responder cookie with a read-only key cannot write', async () => {
    const cookie = await cookieOf('responder')
    const readKey = (await makeKey(w.db, ['incidents:read'])).key
    const r = await client(baseUrl, readKey)('PATCH', `/api/incidents/${incidentId}`, {
      body: { urgency: 'LOW' },
      headers: { Cookie: cookie, Origin: baseUrl },
    })
    expectError(r, 403, 'FORBIDDEN')
  })
})
