// The API's writes are served before Next (lib/server/apiLane.ts): each answers as Next's route
// would, with the headers every /api answer carries, and the paths Next serves by another route
// stay Next's.
import { beforeAll, describe, expect, it } from 'vitest'
import { API_HEADERS, SECURITY_HEADERS } from '@/lib/securityHeaders.mjs'
import { baseUrl, expectError, unique, world, type World } from './helpers'

let w: World
beforeAll(async () => {
  w = await world()
})

const fixed = [...SECURITY_HEADERS, ...API_HEADERS]

describe('the API lane', () => {
  it('answers every write with the headers of every /api answer, successes and errors alike', async () => {
    const incident = await w.create()
    const answers = [
      ['create', await w.api('POST', '/api/incidents', { body: { title: unique('lane'), serviceId: w.serviceId } }), 201],
      ['create, bad', await w.api('POST', '/api/incidents', { body: { title: '' } }), 422],
      ['change', await w.patch(incident.id, { status: 'ACKNOWLEDGED' }), 200],
      ['change, unknown', await w.patch('inc_none', { status: 'ACKNOWLEDGED' }), 404],
      ['bulk', await w.api('POST', '/api/incidents/bulk', { body: { ids: [incident.id], changes: { urgency: 'LOW' } } }), 200],
      ['note', await w.api('POST', `/api/incidents/${incident.id}/notes`, { body: { text: 'checked the graphs' } }), 201],
      ['no key', await fetch(new URL('/api/incidents', baseUrl), { method: 'POST', body: '{}' }).then(async (r) => ({ status: r.status, headers: r.headers, text: await r.text() })), 401],
    ] as const
    for (const [what, r, status] of answers) {
      expect(r.status, `${what}: ${r.text}`).toBe(status)
      for (const { key, value } of fixed) expect(r.headers.get(key), `${what} ${key}`).toBe(value)
      expect(r.headers.get('x-request-id'), what).toMatch(/^req_/)
      expect(r.headers.get('cache-control'), what).toBe('no-store')
    }
    expect((await w.get(incident.id)).urgency).toBe('LOW')
  })

  it('reads a body that arrives in pieces, split inside a character, and counts the answer in bytes', async () => {
    const title = unique('café ✓ 火事 🔥')
    const bytes = Buffer.from(JSON.stringify({ title, serviceId: w.serviceId }))
    const split = bytes.indexOf(Buffer.from('🔥')) + 2
    const pieces = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(bytes.subarray(0, split))
        await new Promise((done) => setTimeout(done, 50))
        controller.enqueue(bytes.subarray(split))
        controller.close()
      },
    })
    const res = await fetch(new URL('/api/incidents', baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${w.key}`, 'content-type': 'application/json' },
      body: pieces,
      duplex: 'half',
    } as RequestInit)
    const r = { status: res.status, headers: res.headers, text: await res.text() }
    expect(r.status, r.text).toBe(201)
    expect(Number(r.headers.get('content-length'))).toBe(Buffer.byteLength(r.text))
    expect(JSON.parse(r.text).title).toBe(title)
  })

  it('leaves the routes beside an incident id to Next: a write to one of them is its 405, not an unknown incident', async () => {
    for (const path of ['/api/incidents/bulk', '/api/incidents/summary', '/api/incidents/stream']) {
      const r = await w.api('PATCH', path, { body: { status: 'ACKNOWLEDGED' } })
      expectError(r, 405, 'METHOD_NOT_ALLOWED')
    }
    expectError(await w.api('PUT', '/api/incidents', { body: {} }), 405, 'METHOD_NOT_ALLOWED')
  })

  it('reads a percent-encoded incident id as Next does', async () => {
    const r = await w.api('PATCH', `/api/incidents/${encodeURIComponent('inc_a b')}`, { body: { status: 'ACKNOWLEDGED' } })
    expectError(r, 404, 'NOT_FOUND')
  })
})
