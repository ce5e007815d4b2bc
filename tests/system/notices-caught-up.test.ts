// The notices connection's catching up (lib/db/notices.ts), against a real PostgreSQL: `caughtUp`
// resolves only after every notice committed before the call has reached the watcher, however
// late the database hands it over. The listening session's server process is stopped while a
// notice is sent, which is what a loaded machine does to it for a moment now and then.
import { setTimeout as sleep } from 'node:timers/promises'
import { expect, it } from 'vitest'
import type { Db } from '@/lib/db/client'
import { freshDb } from '../support/freshDb'
import { canPauseSessions, pauseSessions } from '../support/pausedSessions'
import { cleanupAfterAll, postgresServer } from '../support/providers'

const PG_SERVER = postgresServer()
const cleanup = cleanupAfterAll()
const CHANNEL = 'test_caught_up'

it.runIf(canPauseSessions(PG_SERVER))('caughtUp resolves after a notice committed before it, even one the database is slow to hand over', async () => {
  const db: Db = await freshDb('postgresql', cleanup)
  const heard: string[] = []
  let listening = false
  db.notices!.watch(CHANNEL, { notice: (p) => heard.push(p), listening: (on) => void (listening = on) })
  await expect.poll(() => listening).toBe(true)

  const paused = await pauseSessions(db, `application_name = 'incident-console notices' AND datname = current_database()`)
  expect(paused.pids).toHaveLength(1)
  try {
    await db.read.$executeRawUnsafe(`SELECT pg_notify('${CHANNEL}', 'revoked')`)
    let settled = false
    const caughtUp = db.notices!.caughtUp().then((ok) => ((settled = true), ok))
    // Well inside the second after which an unanswered trip drops the connection.
    await sleep(200)
    // The notice is committed and not yet handed over; caughtUp must still be waiting.
    expect(heard).toEqual([])
    expect(settled).toBe(false)
    paused.resume()
    expect(await caughtUp).toBe(true)
    expect(heard).toEqual(['revoked'])
  } finally {
    paused.resume()
  }
})
