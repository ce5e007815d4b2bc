// kill -9 in the middle of a stream of creates and acknowledges, then a restart on the same
// database: every answered request is durable, nothing is half-applied, and retries with the
// same Idempotency-Key after the crash create nothing twice. And kill -9 while one create with an
// Idempotency-Key is held at a known point inside its transaction: the client's retry after the
// restart runs at once (no 409 "still in progress" for a request whose server is gone).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { startApp, tempDatabaseUrl, type RunningApp } from '../support/app'
import { client, makeKey, makeService, unique } from '../support/fixtures'
import { holdCreates } from '../support/holds'
import { invariantViolations } from '../support/invariants'
import { providersUnderTest } from '../support/providers'

const providers = providersUnderTest()
const WORKERS = 6
const LIMITS_OFF = { RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0' }

interface Create {
  idem: string
  body: { title: string; serviceId: string }
  answer?: { status: number; id?: string }
}

describe.each(providers)('crash during writes (%s)', (provider) => {
  let url: string
  let cleanup: () => unknown
  let db: Db
  let app: RunningApp | undefined
  let key: string
  let serviceId: string

  beforeAll(async () => {
    ;({ url, cleanup } = await tempDatabaseUrl(provider))
    app = await startApp({ databaseUrl: url, env: LIMITS_OFF })
    db = await createDb(resolveDatabaseUrl(url))
    key = (await makeKey(db)).key
    serviceId = (await makeService(db)).id
  })
  afterAll(async () => {
    await app?.stop()
    await db?.close()
    await cleanup?.()
  })

  it('keeps every answered write and nothing half-done', async () => {
    const creates: Create[] = []
    const acked = new Set<string>() // incidents whose acknowledge was answered 200
    let stop = false
    let interrupted = 0 // requests (creates or acknowledges) the kill cut off
    const api = client(app!.baseUrl, key)
    // Each worker creates an incident, then acknowledges it, until the server dies under it.
    const worker = async (w: number) => {
      for (let i = 0; !stop && i < 10_000; i++) {
        const c: Create = { idem: `crash-${w}-${i}`, body: { title: `crash ${w}-${i}`, serviceId } }
        creates.push(c)
        try {
          const r = await api('POST', '/api/incidents', { body: c.body, headers: { 'Idempotency-Key': c.idem } })
          c.answer = { status: r.status, id: r.body?.id }
          if (r.status !== 201) continue
          const a = await api('PATCH', `/api/incidents/${r.body.id}`, { body: { status: 'acknowledged' } })
          if (a.status === 200) acked.add(r.body.id)
        } catch {
          interrupted++
          return // the connection died with the server
        }
      }
    }
    const running = Array.from({ length: WORKERS }, (_, w) => worker(w))
    // Kill once a good number of writes have been answered, with more in flight.
    const deadline = Date.now() + 30_000
    while (creates.filter((c) => c.answer).length < 60 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    await app!.kill()
    stop = true
    await Promise.all(running)

    const answered = creates.filter((c) => c.answer)
    expect(answered.length).toBeGreaterThanOrEqual(60)
    expect(answered.every((c) => c.answer!.status === 201)).toBe(true)
    // The kill really landed mid-stream: some worker had a create or an acknowledge in flight.
    expect(interrupted).toBeGreaterThan(0)

    app = await startApp({ databaseUrl: url, env: LIMITS_OFF })

    // Every answered create is there, with the id it was answered with; every answered
    // acknowledge is there with its event.
    const rows = await db.read.incident.findMany({ where: { serviceId }, select: { id: true, title: true, status: true } })
    const byId = new Map(rows.map((r) => [r.id, r]))
    for (const c of answered) expect(byId.get(c.answer!.id!)?.title, c.idem).toBe(c.body.title)
    for (const id of acked) {
      expect(byId.get(id)?.status).toBe('ACKNOWLEDGED')
      expect(await db.read.timelineEvent.count({ where: { incidentId: id, type: 'acknowledged' } })).toBe(1)
    }
    expect(await invariantViolations(db)).toEqual([])

    // Retry everything with the same keys, as a client that never saw (or doubts) its answer.
    const api2 = client(app.baseUrl, key)
    // A claim dies with the process that held it: no retry waits for one (no 409).
    for (const c of creates) {
      const r = await api2('POST', '/api/incidents', { body: c.body, headers: { 'Idempotency-Key': c.idem } })
      expect(r.status, `${c.idem}: ${r.text}`).toBe(201)
      if (c.answer) {
        expect(r.body.id).toBe(c.answer.id)
        expect(r.headers.get('idempotent-replayed')).toBe('true')
      }
    }
    // Exactly one incident per key: nothing was created twice.
    const titles = (await db.read.incident.findMany({ where: { serviceId }, select: { title: true } })).map((r) => r.title)
    expect(titles.length).toBe(creates.length)
    expect(new Set(titles).size).toBe(creates.length)
    expect(await invariantViolations(db)).toEqual([])
  }, 120_000)

  it('a keyed create killed inside its transaction: the retry after the restart runs at once, and creates once', async () => {
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

    app = await startApp({ databaseUrl: url, env: LIMITS_OFF })
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
    const other = await startApp({ databaseUrl: url, env: LIMITS_OFF })
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
