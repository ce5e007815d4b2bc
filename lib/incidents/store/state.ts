// The read state: the change counter, which every writing transaction bumps (a trigger, migration
// 20261126190000_change_counter), and whether a snooze has run out. Cached answers are keyed on
// it, and the live stream's notices follow it.
import { Prisma, type Db } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import { changeCounterSql, stateSql } from './list'

export interface ReadState {
  /** The change counter; null when the database has none (then nothing is cached). */
  version: number | null
  /** Whether a snooze has run out and waits to be woken. */
  due: boolean
}

export const toState = (row: { changeCounter: number | bigint | null; snoozeDue: number | boolean }): ReadState => ({
  version: row.changeCounter === null ? null : Number(row.changeCounter),
  due: Boolean(Number(row.snoozeDue)),
})

export async function readState(db: Db, now: Date): Promise<ReadState> {
  const [row] = await queryRows<Parameters<typeof toState>[0]>(db.read, stateSql(now))
  return toState(row)
}

/**
 * The change counter as text. One row, so polling it every second costs nothing at any size; and
 * on PostgreSQL writers take the row in turn until they commit, so it moves in commit order (a
 * maximum over the incidents' times would not: a transaction that committed late with an earlier
 * time would never be noticed).
 */
export async function changeMarker(db: Db): Promise<string> {
  const [row] = await queryRows<{ value: number | bigint | null }>(db.read, Prisma.sql`SELECT ${changeCounterSql} AS "value"`)
  return String(row?.value ?? 0)
}
