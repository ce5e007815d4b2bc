// The events budget per integration key on one instance, on each database: 429 on Events v2 and
// generic, 503 with Retry-After on Alertmanager's route. (events-instances.test.ts shares it
// across two instances of one PostgreSQL database.)
import { afterAll, beforeAll, describe, it } from 'vitest'
import { createApiKey } from '@/lib/auth/apiKeys'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { startApp, tempDatabaseUrl, type RunningApp } from '../support/app'
import { expectEventsBudget } from '../support/eventsBudget'
import { client, makeService, unique } from '../support/fixtures'
import { providersUnderTest } from '../support/providers'

const EVENTS_PER_MINUTE = 20

describe.each(providersUnderTest())('the events budget on %s', (provider) => {
  let app: RunningApp
  let db: Db
  let cleanup: () => unknown

  beforeAll(async () => {
    let databaseUrl: string
    ;({ url: databaseUrl, cleanup } = await tempDatabaseUrl(provider))
    app = await startApp({ databaseUrl, env: { RATE_LIMIT_EVENTS_PER_MINUTE: String(EVENTS_PER_MINUTE), RATE_LIMIT_WRITES_PER_MINUTE: '0', RATE_LIMIT_READS_PER_MINUTE: '0' } })
    // One client per database (the fixtures' testDb keeps one for the whole file).
    db = await createDb(resolveDatabaseUrl(databaseUrl))
  }, 60_000)

  afterAll(async () => {
    await app?.stop()
    await db?.close()
    await cleanup?.()
  })

  it('passes the budget, then 429 on generic and Events v2, 503 with Retry-After on Alertmanager', async () => {
    const serviceId = (await makeService(db)).id
    const key = (await createApiKey(db, { name: unique('integration'), scopes: ['events:write'], serviceId })).key
    // The health check's kept-alive connection may have idled past the server's keep-alive
    // timeout while the database was prepared, and a POST on it would not be retried: a read
    // first, again on a fresh connection if that one was closed under it.
    await fetch(`${app.baseUrl}/api/health`).catch(() => fetch(`${app.baseUrl}/api/health`))
    await expectEventsBudget([client(app.baseUrl, key)], EVENTS_PER_MINUTE)
  })
})
