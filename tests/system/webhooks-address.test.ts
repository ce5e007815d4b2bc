// The private-address rule at save time over HTTP: a server WITHOUT WEBHOOK_ALLOW_PRIVATE (the API
// suite's server has it, for its loopback receiver) refuses loopback, private, link-local and
// names resolving to them on POST and PATCH /api/webhooks, with 422 in the contract's shape, and
// leaves a refused PATCH's subscription as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { expectError } from '../api/helpers'
import { startApp, tempDatabaseUrl, type RunningApp } from '../support/app'
import { client, makeUser, sessionCookie } from '../support/fixtures'
import { providersUnderTest } from '../support/providers'

const REFUSED = [
  'http://127.0.0.1:8080/hook',
  'http://10.1.2.3/hook',
  'http://192.168.1.20/hook',
  'http://172.16.0.1/hook',
  'http://169.254.169.254/latest/meta-data',
  'http://[::1]/hook',
  'http://[fe80::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://0.0.0.0/hook',
  'http://localhost:8080/hook',
]
// A public address literal: saved without any DNS lookup, never contacted by this test.
const PUBLIC = 'https://93.184.215.14/hook'

describe.each(providersUnderTest())('the address rule at save, over HTTP (%s)', (provider) => {
  let cleanup: () => unknown
  let db: Db
  let app: RunningApp | undefined
  let admin: ReturnType<typeof client>

  beforeAll(async () => {
    const temp = await tempDatabaseUrl(provider)
    cleanup = temp.cleanup
    app = await startApp({ databaseUrl: temp.url, env: { WEBHOOK_ALLOW_PRIVATE: '' } })
    db = await createDb(resolveDatabaseUrl(temp.url))
    const user = await makeUser(db, 'admin')
    const anon = client(app.baseUrl)
    const session = { Cookie: await sessionCookie(app.baseUrl, user.email), Origin: app.baseUrl }
    admin = (method, path, opts = {}) => anon(method, path, { ...opts, headers: { ...session, ...opts.headers } })
  }, 120_000)
  afterAll(async () => {
    await app?.stop()
    await db?.close()
    await cleanup?.()
  })

  it('refuses a non-public address on POST, and saves a public one', async () => {
    for (const url of REFUSED) {
      const error = expectError(await admin('POST', '/api/webhooks', { body: { url, events: ['*'] } }), 422, 'VALIDATION_ERROR', 'url')
      expect(error.message, url).toMatch(/loopback, private or link-local/)
    }
    expect((await admin('GET', '/api/webhooks')).body.webhooks).toEqual([])
    const created = await admin('POST', '/api/webhooks', { body: { url: PUBLIC, events: ['*'] } })
    expect(created.status, created.text).toBe(201)
  })

  it('refuses a non-public address on PATCH and keeps the saved URL', async () => {
    const created = await admin('POST', '/api/webhooks', { body: { url: PUBLIC, events: ['incident.resolved'] } })
    expect(created.status, created.text).toBe(201)
    const path = `/api/webhooks/${created.body.id}`
    for (const url of REFUSED) expectError(await admin('PATCH', path, { body: { url } }), 422, 'VALIDATION_ERROR', 'url')
    const listed = (await admin('GET', '/api/webhooks')).body.webhooks.find((h: { id: string }) => h.id === created.body.id)
    expect(listed.url).toBe(PUBLIC)
    const moved = await admin('PATCH', path, { body: { url: 'https://93.184.215.15/elsewhere' } })
    expect(moved.status, moved.text).toBe(200)
  })
})
