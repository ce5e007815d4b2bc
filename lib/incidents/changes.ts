// "Something changed" notices for live views. One poller per process reads the change marker while
// anyone is listening, and tells every listener when it moves. Reading the database rather than
// hooking the commands means changes made by other instances, the CLI and the snooze sweeper are
// seen too.
import { Prisma, type Db } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import { changeCounterSql } from './listSql'
import { env } from '@/lib/env'
import { describeError, log } from '@/lib/log'

type Listener = (marker: string) => void

const listeners = new Set<Listener>()
let timer: ReturnType<typeof setInterval> | null = null
let last: string | null = null
let polling = false

/**
 * The change counter (listSql.ts), which every writing transaction bumps. One row, so polling it
 * every second costs nothing at any size; and on PostgreSQL writers take the row in turn until they
 * commit, so it moves in commit order (a maximum over the incidents' times would not: a transaction that
 * committed late with an earlier time would never be noticed).
 */
export async function changeMarker(db: Db): Promise<string> {
  const [row] = await queryRows<{ value: number | bigint | null }>(db.read, Prisma.sql`SELECT ${changeCounterSql} AS "value"`)
  return String(row?.value ?? 0)
}

async function poll(db: Db) {
  if (polling) return
  polling = true
  try {
    const marker = await changeMarker(db)
    if (last !== null && marker !== last) for (const l of listeners) l(marker)
    last = marker
  } catch (e) {
    log('warn', 'change poll failed', describeError(e))
  } finally {
    polling = false
  }
}

/** Calls `listener` after every change to any incident until the returned function is called. */
export function subscribeToChanges(db: Db, listener: Listener): () => void {
  listeners.add(listener)
  if (!timer) {
    last = null
    void poll(db)
    timer = setInterval(() => void poll(db), env().CHANGE_POLL_MS)
    timer.unref?.()
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}
