// Alert ingestion on two instances of one PostgreSQL database: folding is decided by the
// database (one incident however the triggers are spread), and the events budget per
// integration key is shared, answering 429 on Events v2 and generic, 503 on Alertmanager's route.
import { beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '@/lib/auth/apiKeys'
import type { Db } from '@/lib/db/client'
import type { RunningApp } from '../support/app'
import { twoInstances } from '../support/instances'
import { client, makeKey, unique } from '../support/fixtures'
import { expectEventsBudget } from '../support/eventsBudget'
import { postgresServer } from '../support/providers'

const PG_SERVER = postgresServer()
const EVENTS_PER_MINUTE = 30

describe.runIf(PG_SERVER)('alert ingestion on two instances of one PostgreSQL database', () => {
  const instances = twoInstances({ RATE_LIMIT_EVENTS_PER_MINUTE: String(EVENTS_PER_MINUTE), RATE_LIMIT_WRITES_PER_MINUTE: '0', RATE_LIMIT_READS_PER_MINUTE: '0' })
  let a: RunningApp
  let b: RunningApp
  let db: Db
  let serviceId: string
  beforeAll(() => void ({ a, b, db, serviceId } = instances))

  const integration = async () => (await createApiKey(db, { name: unique('integration'), scopes: ['events:write'], serviceId })).key

  it('20 simultaneous triggers of a new key over both instances: one incident, alertCount 20', async () => {
    const key = await integration()
    const [onA, onB] = [client(a.baseUrl, key), client(b.baseUrl, key)]
    const dedupKey = unique('storm')
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? onA : onB)('POST', '/api/events/generic', { body: { summary: 'storm', dedupKey } })),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(202))
    expect(new Set(answers.map((r) => r.body.incidentId)).size).toBe(1)
    const reader = client(a.baseUrl, (await makeKey(db, ['incidents:read'])).key)
    const list = (await reader('GET', `/api/incidents?dedupKey=${dedupKey}`)).body
    expect(list.total).toBe(1)
    expect(list.incidents[0].alertCount).toBe(20)
  })

  it('shares the events budget per key: 429 on generic and Events v2, 503 with Retry-After on Alertmanager', async () => {
    const key = await integration()
    await expectEventsBudget([client(b.baseUrl, key), client(a.baseUrl, key)], EVENTS_PER_MINUTE)
  })
})
