// API keys on two instances of one PostgreSQL database: each keeps the key rows it verified in
// memory while it hears the database's notices of key changes (lib/auth/keyCache.ts), so a key
// revoked by any writer is refused from the very next request everywhere, even when its notice is
// late, and a key heard of while the notices were down is read again. A change made with the
// notice trigger disabled is how the tests tell that an instance answered from memory.
import { setTimeout as sleep } from 'node:timers/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '@/lib/auth/apiKeys'
import type { Db } from '@/lib/db/client'
import { CAUGHT_UP_STATEMENT } from '@/lib/db/notices'
import type { RunningApp } from '../support/app'
import { twoInstances } from '../support/instances'
import { client, makeUser, sessionCookie, unique } from '../support/fixtures'
import { canPauseSessions, pauseSessions } from '../support/pausedSessions'
import { postgresServer } from '../support/providers'

const PG_SERVER = postgresServer()

describe.runIf(PG_SERVER)('API keys on two instances of one PostgreSQL database', () => {
  const instances = twoInstances({ RATE_LIMIT_EVENTS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0', RATE_LIMIT_READS_PER_MINUTE: '0' })
  let a: RunningApp
  let b: RunningApp
  let db: Db
  let serviceId: string
  beforeAll(() => void ({ a, b, db, serviceId } = instances))
  // An instance listens from its start, and keeps the keys it verifies once it listens.
  beforeAll(() => bothListening([]))

  const sql = (text: string, ...values: unknown[]) => db.read.$executeRawUnsafe(text, ...values)
  const revokeByHand = (id: string) => sql(`UPDATE "ApiKey" SET "revokedAt" = now() WHERE "id" = $1`, id)
  /** Events are served by the API lane, reads by Next: a key of each kind. */
  const key = () => createApiKey(db, { name: unique('integration'), scopes: ['events:write'], serviceId })
  const readKey = () => createApiKey(db, { name: unique('reader'), scopes: ['incidents:read'] })
  const trigger = (k: string, app: RunningApp) => client(app.baseUrl, k)('POST', '/api/events/generic', { body: { summary: 'kept', dedupKey: unique('k') } })
  const list = (k: string, app: RunningApp) => client(app.baseUrl, k)('GET', '/api/incidents?limit=1')

  // This file's two instances' notice sessions: other files' instances share the server.
  const OURS = `application_name = 'incident-console notices' AND datname = current_database()`
  /** The instances' notice sessions that listen (their last statement a LISTEN or a catching up), as the database lists them. */
  const listening = async () =>
    (
      await db.read.$queryRawUnsafe<{ pid: number }[]>(
        `SELECT pid FROM pg_stat_activity WHERE ${OURS} AND state = 'idle' AND (query LIKE 'LISTEN %' OR query = $1)`,
        CAUGHT_UP_STATEMENT,
      )
    ).map((r) => r.pid)

  /** Waits until both instances listen on sessions other than `old`. */
  async function bothListening(old: number[]) {
    const deadline = Date.now() + 10_000
    let fresh: number[] = []
    while (fresh.length < 2 && Date.now() < deadline) {
      await sleep(100)
      fresh = (await listening()).filter((pid) => !old.includes(pid))
    }
    expect(fresh).toHaveLength(2)
    // The database has answered the LISTEN; give the instance a moment to read that answer.
    await sleep(200)
  }

  async function withoutNotices(fn: () => Promise<void>) {
    await sql(`ALTER TABLE "ApiKey" DISABLE TRIGGER "ApiKey_changed"`)
    try {
      await fn()
    } finally {
      await sql(`ALTER TABLE "ApiKey" ENABLE TRIGGER "ApiKey_changed"`)
    }
  }

  it('an instance answers a key it verified from memory, and an instance that never saw it reads the row', async () => {
    const k = await key()
    expect((await trigger(k.key, a)).status).toBe(202)
    await withoutNotices(async () => {
      await revokeByHand(k.id)
      // Unannounced, so instance A still has the row it read; B reads it now, revoked.
      expect((await trigger(k.key, a)).status).toBe(202)
      expect((await trigger(k.key, b)).status).toBe(401)
    })
  })

  it('a key revoked by any writer is refused from the very next request on every instance that kept it', async () => {
    const [k, r] = [await key(), await readKey()]
    for (const app of [a, b]) {
      expect((await trigger(k.key, app)).status).toBe(202)
      expect((await list(r.key, app)).status).toBe(200)
    }
    await revokeByHand(k.id)
    await revokeByHand(r.id)
    for (const app of [a, b]) {
      expect((await trigger(k.key, app)).status).toBe(401)
      expect((await list(r.key, app)).status).toBe(401)
    }
  })

  it.runIf(canPauseSessions(PG_SERVER))('a revocation is honoured by the next request even while its notice is held up', async () => {
    const [k, r] = [await key(), await readKey()]
    for (const app of [a, b]) {
      expect((await trigger(k.key, app)).status).toBe(202)
      expect((await list(r.key, app)).status).toBe(200)
    }
    // Both instances' notice sessions stop, so the revocations' notices are committed and not
    // handed over; the kept rows must not be answered until they are.
    const paused = await pauseSessions(db, OURS)
    expect(paused.pids).toHaveLength(2)
    try {
      await revokeByHand(k.id)
      await revokeByHand(r.id)
      const answers = [a, b].flatMap((app) => [trigger(k.key, app), list(r.key, app)].map((p) => p.then((x) => x.status)))
      let answered = 0
      for (const p of answers) void p.then(() => answered++)
      await sleep(300)
      expect(answered).toBe(0)
      paused.resume()
      expect(await Promise.all(answers)).toEqual([401, 401, 401, 401])
    } finally {
      paused.resume()
    }
  })

  it('the instance that revokes a key drops it at once itself, whichever module served it', async () => {
    const cookie = await sessionCookie(a.baseUrl, (await makeUser(db, 'admin')).email)
    const k = await key()
    for (const app of [a, b]) expect((await trigger(k.key, app)).status).toBe(202)
    await withoutNotices(async () => {
      // Revoked by a route Next serves; the key was kept by the API lane, which serves events.
      const revoked = await client(a.baseUrl)('DELETE', `/api/keys/${k.id}`, { headers: { Cookie: cookie, Origin: a.baseUrl } })
      expect(revoked.status, revoked.text).toBe(204)
      expect((await trigger(k.key, a)).status).toBe(401)
      // B was told nothing (the notice was off), so it still answers from memory.
      expect((await trigger(k.key, b)).status).toBe(202)
    })
  })

  it('after losing the notices, forgets every kept key, listens again, and keeps keys again', async () => {
    const before = await key()
    for (const app of [a, b]) expect((await trigger(before.key, app)).status).toBe(202)
    const old = await listening()
    expect(old).toHaveLength(2)
    await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE ${OURS}`)
    // Both instances connect and listen again on their own (after half a second).
    await bothListening(old)

    const after = await key()
    expect((await trigger(after.key, a)).status).toBe(202)
    await withoutNotices(async () => {
      await revokeByHand(before.id)
      await revokeByHand(after.id)
      // The row kept before the notices were lost is read again; the one kept since is answered
      // from memory (unannounced), which shows the instance listens again.
      expect((await trigger(before.key, a)).status).toBe(401)
      expect((await trigger(after.key, a)).status).toBe(202)
    })
  })

  // Last: it empties the key table, which the tests above rely on.
  it('a TRUNCATE of the key table drops every kept key on every instance', async () => {
    const [k, r] = [await key(), await readKey()]
    for (const app of [a, b]) {
      expect((await trigger(k.key, app)).status).toBe(202)
      expect((await list(r.key, app)).status).toBe(200)
    }
    // A row trigger does not fire on TRUNCATE: only the statement trigger's notice ('') tells.
    await sql(`TRUNCATE "ApiKey"`)
    for (const app of [a, b]) {
      expect((await trigger(k.key, app)).status).toBe(401)
      expect((await list(r.key, app)).status).toBe(401)
    }
  })
})
