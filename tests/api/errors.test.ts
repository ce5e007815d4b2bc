// Bad requests of every shape: one error shape, a request id on everything, never a 500 or HTML.
import { request } from 'node:http'
import { beforeAll, describe, expect, it } from 'vitest'
import { baseUrl, client, expectError, world, type World } from './helpers'
import type { ApiResponse } from '../support/fixtures'

let w: World
let incidentId: string

beforeAll(async () => {
  w = await world()
  incidentId = (await w.create()).id
})

/** A raw HTTP request, for what fetch will not send: chunked bodies, odd methods and headers. */
function raw(method: string, path: string, opts: { headers?: Record<string, string>; chunks?: (string | Buffer)[] } = {}): Promise<ApiResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl)
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: { Authorization: `Bearer ${w.key}`, ...opts.headers } },
      (res) => {
        const parts: Buffer[] = []
        res.on('data', (d) => parts.push(d))
        res.on('end', () => {
          const text = Buffer.concat(parts).toString('utf8')
          let body: unknown
          try {
            body = JSON.parse(text)
          } catch {
            body = undefined
          }
          const headers = new Headers()
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v)
          resolve({ status: res.statusCode!, headers, body, text })
        })
      },
    )
    // The server may answer (413) and close before it has read everything we send.
    req.on('error', reject)
    for (const c of opts.chunks ?? []) req.write(c)
    req.end()
  })
}

const json = (body: string, contentType = 'application/json') => ({ body, headers: { 'Content-Type': contentType } })

describe('400 INVALID_REQUEST', () => {
  const targets = () => [
    ['POST', '/api/incidents'],
    ['PATCH', `/api/incidents/${incidentId}`],
  ]

  it.each([
    ['malformed JSON', '{"title": "x",'],
    ['a JSON array', '[{"title":"x"}]'],
    ['a JSON string', '"title"'],
    ['a JSON number', '42'],
    ['JSON null', 'null'],
    ['an empty body', ''],
    ['only whitespace', '  \n '],
    ['two documents', '{"title":"a"}{"title":"b"}'],
    ['a trailing comma', '{"title":"a",}'],
    ['single quotes', "{'title':'a'}"],
  ])('%s', async (_, body) => {
    for (const [method, path] of targets()) {
      expectError(await w.api(method, path, json(body)), 400, 'INVALID_REQUEST')
    }
  })

  it('no body at all', async () => {
    for (const [method, path] of targets()) {
      expectError(await w.api(method, path), 400, 'INVALID_REQUEST')
    }
  })

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'json'])(
    'content type %s',
    async (type) => {
      for (const [method, path] of targets()) {
        expectError(await w.api(method, path, json(`{"title":"x","serviceId":"${w.serviceId}"}`, type)), 400, 'INVALID_REQUEST')
      }
    },
  )

  it('a JSON body without a content type', async () => {
    const r = await raw('POST', '/api/incidents', { chunks: [`{"title":"x","serviceId":"${w.serviceId}"}`] })
    expectError(r, 400, 'INVALID_REQUEST')
  })

  it('a body that is not UTF-8', async () => {
    const r = await raw('POST', '/api/incidents', {
      headers: { 'Content-Type': 'application/json' },
      chunks: [Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    })
    expectError(r, 400, 'INVALID_REQUEST')
  })

  it('application/json with a charset, or another +json type, is JSON', async () => {
    const body = `{"title":"charset","serviceId":"${w.serviceId}"}`
    expect((await w.api('POST', '/api/incidents', json(body, 'application/json; charset=utf-8'))).status).toBe(201)
    expect((await w.api('POST', '/api/incidents', json(body, 'Application/JSON'))).status).toBe(201)
  })
})

describe('413 PAYLOAD_TOO_LARGE for bodies over 64 KiB', () => {
  const sized = (bytes: number) => {
    const head = `{"title":"big","serviceId":"${w.serviceId}","description":"`
    return head + 'x'.repeat(bytes - head.length - 2) + '"}'
  }

  it('with a Content-Length', async () => {
    const body = sized(64 * 1024 + 1)
    expect(Buffer.byteLength(body)).toBe(65_537)
    expectError(await w.api('POST', '/api/incidents', json(body)), 413, 'PAYLOAD_TOO_LARGE')
    expectError(await w.api('PATCH', `/api/incidents/${incidentId}`, json(body)), 413, 'PAYLOAD_TOO_LARGE')
  })

  it('exactly 64 KiB is read (and then judged on its content)', async () => {
    const body = sized(64 * 1024)
    expect(Buffer.byteLength(body)).toBe(65_536)
    expectError(await w.api('POST', '/api/incidents', json(body)), 422, 'VALIDATION_ERROR', 'description')
  })

  it('chunked, without a Content-Length', async () => {
    const chunk = 'x'.repeat(16 * 1024)
    const r = await raw('POST', '/api/incidents', {
      headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      chunks: [`{"title":"big","serviceId":"${w.serviceId}","description":"`, chunk, chunk, chunk, chunk, chunk, '"}'],
    })
    expectError(r, 413, 'PAYLOAD_TOO_LARGE')
  })

  it('a small chunked body is fine', async () => {
    const r = await raw('POST', '/api/incidents', {
      headers: { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      chunks: ['{"title":"chunked",', `"serviceId":"${w.serviceId}"}`],
    })
    expect(r.status, r.text).toBe(201)
  })

  it('a huge body is a 413 and creates nothing', async () => {
    const count = await w.db.read.incident.count()
    expectError(await w.api('POST', '/api/incidents', json(sized(1024 * 1024))), 413, 'PAYLOAD_TOO_LARGE')
    expect(await w.db.read.incident.count()).toBe(count)
  })
})

describe('405 METHOD_NOT_ALLOWED with Allow', () => {
  it.each([
    ['DELETE', '/api/incidents/:id', 'GET, PATCH'],
    ['PUT', '/api/incidents/:id', 'GET, PATCH'],
    ['POST', '/api/incidents/:id', 'GET, PATCH'],
    ['DELETE', '/api/incidents', 'GET, POST'],
    ['PUT', '/api/incidents', 'GET, POST'],
    ['PATCH', '/api/incidents', 'GET, POST'],
    ['POST', '/api/health', 'GET'],
  ])('%s %s', async (method, path, allow) => {
    const r = await w.api(method, path.replace(':id', incidentId), { body: { status: 'OPEN' } })
    expectError(r, 405, 'METHOD_NOT_ALLOWED')
    expect(r.headers.get('allow')?.split(/,\s*/).sort()).toEqual(allow.split(', ').sort())
  })

  it('DELETE changes nothing', async () => {
    await w.api('DELETE', `/api/incidents/${incidentId}`)
    expect((await w.api('GET', `/api/incidents/${incidentId}`)).status).toBe(200)
  })

  it('DELETE and PUT on GET-only endpoints', async () => {
    for (const path of ['/api/services', '/api/users']) {
      expectError(await w.api('DELETE', path), 405, 'METHOD_NOT_ALLOWED')
      expectError(await w.api('PUT', path, { body: {} }), 405, 'METHOD_NOT_ALLOWED')
    }
  })
})

describe('odd query strings and bodies never break the server', () => {
  it.each([
    '?limit=%ZZ',
    '?%ZZ=1',
    '?limit=5&limit=500',
    '?status[]=OPEN',
    '?status=%00',
    `?q=${'%F0%9F%94%A5'.repeat(50)}`,
    '?q=%FF%FE',
    `?serviceId=${'svc_x,'.repeat(500)}`,
    '?createdAfter=9999-12-31T23:59:59.999Z',
    '?createdAfter=0000-01-01',
    '?offset=999999999',
  ])('GET /api/incidents%s', async (query) => {
    const r = await w.api('GET', `/api/incidents${query}`)
    expect([200, 422], r.text).toContain(r.status)
    if (r.status === 422) expectError(r, 422, 'VALIDATION_ERROR')
    else expect(r.body.incidents).toBeInstanceOf(Array)
  })

  it('the first of a repeated parameter wins', async () => {
    const r = await w.api('GET', '/api/incidents?limit=5&limit=500')
    expect(r.status).toBe(200)
    expect(r.body.limit).toBe(5)
  })

  it.each([
    ['deep nesting', '{"title":' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + '}'],
    ['__proto__', `{"__proto__":{"admin":true},"title":"p","serviceId":"x"}`],
    ['constructor', `{"constructor":{"prototype":{}},"title":"p"}`],
    ['duplicate keys', `{"title":"a","title":5}`],
    ['a huge number', `{"title":"t","serviceId":"s","urgency":1e400}`],
    ['control characters', `{"title":"\\u0000\\u001f","serviceId":"s"}`],
  ])('%s in a body is a 422', async (_, body) => {
    expectError(await w.api('POST', '/api/incidents', json(body)), 422, 'VALIDATION_ERROR')
  })

  it('a lone surrogate in a title is stored and read back', async () => {
    const r = await w.api('POST', '/api/incidents', json(`{"title":"odd \\ud800 one","serviceId":"${w.serviceId}"}`))
    expect([201, 422]).toContain(r.status)
    if (r.status === 201) expect((await w.api('GET', `/api/incidents/${r.body.id}`)).status).toBe(200)
  })
})

describe('request ids and the one error shape', () => {
  it('every answer carries X-Request-Id, success or error, with or without credentials', async () => {
    const answers = [
      await client(baseUrl)('GET', '/api/health'),
      await w.api('GET', '/api/incidents?limit=1'),
      await w.api('GET', `/api/incidents/${incidentId}`),
      await w.api('POST', '/api/incidents', { body: { title: 'rid', serviceId: w.serviceId } }),
      await w.api('PATCH', `/api/incidents/${incidentId}`, { body: { urgency: 'LOW' } }),
      await w.api('GET', '/api/services'),
      await w.api('GET', '/api/users'),
      await client(baseUrl)('GET', '/api/incidents'),
      await w.api('GET', '/api/incidents/inc_nope'),
      await w.api('DELETE', '/api/incidents'),
    ]
    const ids = answers.map((r) => r.headers.get('x-request-id'))
    for (const id of ids) expect(id).toMatch(/^req_[\w-]{8,}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('errors never carry a stack, SQL or internals', async () => {
    const answers = [
      await w.api('POST', '/api/incidents', json('{"title":')),
      await w.api('GET', `/api/incidents/${encodeURIComponent("' OR 1=1 --")}`),
      await w.api('PATCH', `/api/incidents/${incidentId}`, { body: { assigneeId: "usr_' OR 1=1 --" } }),
    ]
    for (const r of answers) {
      expect(r.status).toBeLessThan(500)
      expect(r.text).not.toMatch(/\bat .+:\d+:\d+|SELECT|INSERT|prisma|sqlite|postgres|node_modules/i)
    }
  })
})

describe('no /api path answers HTML', () => {
  const paths = () => [
    '/api/health',
    '/api/incidents',
    `/api/incidents/${incidentId}`,
    '/api/incidents/inc_nope',
    '/api/services',
    '/api/users',
    '/api/auth/me',
    '/api/auth/login',
    '/api/auth/logout',
    '/api/keys',
  ]
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

  it('known paths, every method, with and without a key', async () => {
    for (const path of paths()) {
      for (const method of methods) {
        for (const api of [w.api, client(baseUrl)]) {
          const r = await api(method, path, method === 'GET' || method === 'HEAD' ? {} : { body: '{}' })
          const where = `${method} ${path} → ${r.status}`
          expect(r.status, where).toBeLessThan(500)
          expect(r.headers.get('content-type') ?? '', where).not.toMatch(/html/)
          expect(r.text, where).not.toMatch(/<html|<!DOCTYPE/i)
          if (r.status >= 400 && method !== 'HEAD') expectError(r, r.status, r.body?.error?.code)
        }
      }
    }
  })
})

describe('unknown /api paths', () => {
  it.each(['/api', '/api/', '/api/nope', '/api/incidents/inc_x/timeline', '/api/incidents/a/b/c', '/api/INCIDENTS', '/api/health/x', '/api/x/..'])(
    '%s is a JSON 404, never HTML',
    async (path) => {
      for (const api of [w.api, client(baseUrl)]) {
        for (const method of ['GET', 'POST', 'DELETE']) {
          const r = await api(method, path, method === 'GET' ? {} : { body: '{}' })
          expect(r.headers.get('content-type') ?? '', `${method} ${path} → ${r.status}`).not.toMatch(/html/)
          expect(r.text).not.toMatch(/<html|<!DOCTYPE/i)
          expectError(r, 404, 'NOT_FOUND')
        }
      }
    },
  )

  it("the benchmarks' constant route (/api/floor) does not exist without BENCH_FLOOR_ROUTE", async () => {
    for (const method of ['GET', 'POST']) expectError(await w.api(method, '/api/floor', method === 'GET' ? {} : { body: '{}' }), 404, 'NOT_FOUND')
  })
})
