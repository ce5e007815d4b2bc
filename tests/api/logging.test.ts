// The server's log: one line per request carrying its request id, and never a secret.
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { baseUrl, client, makeUser, sleep, TEST_PASSWORD, world, type World } from './helpers'

const logPath = inject('serverLogPath')
let w: World

beforeAll(async () => {
  w = await world()
})

/** The server's JSON log line for one request id (waits briefly for it to be written). */
async function lineFor(requestId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 50; i++) {
    const line = readFileSync(logPath, 'utf8')
      .split('\n')
      .find((l) => l.includes(requestId))
    if (line) return JSON.parse(line)
    await sleep(50)
  }
  throw new Error(`no log line for ${requestId}`)
}

describe('the request log', () => {
  it('has a line per request with the id the client got', async () => {
    const r = await w.api('GET', '/api/incidents?limit=1&q=secretish')
    const line = await lineFor(r.headers.get('x-request-id')!)
    expect(line).toMatchObject({ requestId: r.headers.get('x-request-id'), method: 'GET', path: '/api/incidents', status: 200 })
    const failed = await w.api('PATCH', '/api/incidents/inc_nope', { body: { status: 'OPEN' } })
    expect(await lineFor(failed.body.error.requestId)).toMatchObject({ status: 404, method: 'PATCH' })
  })

  it('never contains a key, a password or a session token', async () => {
    const secrets: string[] = [w.key]
    const sentInQuery = await client(baseUrl)('GET', `/api/incidents?api_key=${w.key}`)
    expect(sentInQuery.status).toBe(401)
    const bad = `${w.key.slice(0, -3)}zzz`
    secrets.push(bad)
    const refused = await client(baseUrl, bad)('GET', '/api/incidents')
    const user = await makeUser(w.db)
    const login = await client(baseUrl)('POST', '/api/auth/login', { body: { email: user.email, password: TEST_PASSWORD } })
    secrets.push(TEST_PASSWORD, login.headers.get('set-cookie')!.split(';')[0].split('=')[1])
    await client(baseUrl)('POST', '/api/auth/login', { body: { email: user.email, password: 'a wrong password 123' } })
    secrets.push('a wrong password 123')
    for (const r of [sentInQuery, refused, login]) await lineFor(r.headers.get('x-request-id')!)
    const log = readFileSync(logPath, 'utf8')
    for (const s of secrets) {
      expect(log.includes(s), `the log contains ${s.slice(0, 8)}…`).toBe(false)
      // Nor the secret part of a key alone.
      if (s.startsWith('ick_')) expect(log.includes(s.slice(17))).toBe(false)
    }
  })
})
