// kill -9 while a create with an Idempotency-Key is in flight, held at a known point inside its
// transaction, then a restart: the client's retry with the same key and body must run at once —
// not a 409 "still in progress" for a request whose server is gone — and create exactly one incident.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { startApp, tempDatabaseUrl, type RunningApp } from '../support/app'
import { client, makeKey, makeService, unique } from '../support/fixtures'
import { holdCreates } from '../support/holds'
import { invariantViolations } from '../support/invariants'
import { providersUnderTest } from '../support/providers'

const ENV = { RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0' }

describe.each(providersUnderTest())('crash during a keyed create (%s)', (provider) => {
  let url: string
  let cleanup: () => unknown
  let db: Db
  let app: RunningApp | undefined
  let key: string
  let serviceId: string

  beforeAll(async () => {
    ;({ url, cleanup } = await tempDatabaseUrl(provider))
    app = await startApp({ databaseUrl: url, env: ENV })
    db = await createDb(resolveDatabaseUrl(url))
    key = (await makeKey(db)).key
    serviceId = (await makeService(db)).id
  })
  afterAll(async () => {
    await app?.stop()
    await db?.close()
    await cleanup?.()
  })

  it('a retry after the restart creates the incident at once, and only once', async () => {
    const marker = unique('held')
    const body = { title: `crash ${marker}`, serviceId }
    const headers = { 'Idempotency-Key': `crash-${marker}` }
    const hold = await holdCreates(provider, url, app!.baseUrl, marker)
    const first = client(app!.baseUrl, key)('POST', '/api/incidents', { body, headers }).then(
      (r) => r.status,
      () => 'no answer' as const,
    )
    try {
      await hold.held()
      await app!.kill()
    } finally {
      await hold.release()
    }
    expect(await first).toBe('no answer')
    expect(await db.read.incident.count({ where: { title: body.title } })).toBe(0)

    app = await startApp({ databaseUrl: url, env: ENV })
    const api = client(app.baseUrl, key)
    const retry = await api('POST', '/api/incidents', { body, headers })
    expect(retry.status, retry.text).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBeNull()
    // The answer is remembered: a second retry replays it.
    const again = await api('POST', '/api/incidents', { body, headers })
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body.id).toBe(retry.body.id)
    expect(await db.read.incident.count({ where: { title: body.title } })).toBe(1)
    expect(await invariantViolations(db)).toEqual([])
  })

  // The claim that dies with a process must still hold across live ones: another instance refuses
  // a repeat while the first runs (the advisory lock; one process alone would refuse it in memory).
  it.runIf(provider === 'postgresql')('a repeat sent to another instance while the first is in flight is a 409', async () => {
    const other = await startApp({ databaseUrl: url, env: ENV })
    try {
      const marker = unique('held')
      const body = { title: `two instances ${marker}`, serviceId }
      const headers = { 'Idempotency-Key': `instances-${marker}` }
      const hold = await holdCreates(provider, url, app!.baseUrl, marker)
      let first
      try {
        first = client(app!.baseUrl, key)('POST', '/api/incidents', { body, headers })
        await hold.held()
        const repeat = await client(other.baseUrl, key)('POST', '/api/incidents', { body, headers })
        expect(repeat.status, repeat.text).toBe(409)
        expect(repeat.body.error.code).toBe('CONFLICT')
      } finally {
        await hold.release()
      }
      const done = await first
      expect(done.status, done.text).toBe(201)
      const later = await client(other.baseUrl, key)('POST', '/api/incidents', { body, headers })
      expect(later.headers.get('idempotent-replayed')).toBe('true')
      expect(later.body.id).toBe(done.body.id)
      expect(await db.read.incident.count({ where: { title: body.title } })).toBe(1)
    } finally {
      await other.stop()
    }
  })
})
