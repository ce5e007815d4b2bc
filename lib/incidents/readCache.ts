// List and summary answers, kept per process while nothing has changed. An on-call dashboard is
// many browsers polling the same view, and refetching it together on every change notice; at a
// million incidents each answer costs the database more than the request costs the app. Every
// write to the tables an answer is made of bumps Counter 'changes' in its own transaction, by a
// trigger (migration 20261126190000_change_counter), whoever writes: this app, another instance,
// the CLI. An answer is reused only while the counter reads what it read before the answer was
// computed — so it is exactly what computing it now would give (snoozes that ran out are woken
// first, and waking them is a change: currentVersion).
import type { Db } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import { Lru } from '@/lib/lru'
import { wakeDueSnoozes } from './commands'
import { stateSql } from './listSql'

/** Answers kept per process (READ_CACHE_ENTRIES=0 turns the cache off). */
const MAX_ENTRIES = (() => {
  const n = Number(process.env.READ_CACHE_ENTRIES ?? 200)
  return Number.isInteger(n) && n >= 0 ? n : 200
})()
/** The counter wraps below 2^31; no answer outlives a minute, so a wrap never reads as "unchanged". */
const MAX_AGE_MS = 60_000

interface Entry {
  version: number
  at: number
  value: unknown
}

const entries = new Lru<string, Entry>(MAX_ENTRIES)

interface ReadState {
  /** The change counter; null when the database has none (then nothing is cached). */
  version: number | null
  /** Whether a snooze has run out and waits to be woken. */
  due: boolean
}

async function readState(db: Db, now: Date): Promise<ReadState> {
  const [row] = await queryRows<{ version: number | bigint | null; due: number | boolean }>(db.read, stateSql(now))
  return { version: row.version === null ? null : Number(row.version), due: Boolean(Number(row.due)) }
}

/**
 * The change counter to compute or reuse an answer under, read after waking the snoozes that ran
 * out since the last sweep, so no answer shows one of them as still snoozed (waking is a change).
 */
export async function currentVersion(db: Db, now: Date): Promise<number | null> {
  const state = await readState(db, now)
  if (!state.due) return state.version
  await wakeDueSnoozes(db, now)
  return (await readState(db, now)).version
}

/**
 * The answer for `key` computed while the counter read `version`, or a fresh one from `compute`.
 * `version` must be read before `compute` runs: the answer is then at least as new as it.
 */
export async function cached<T>(key: string, version: number | null, compute: () => Promise<T>): Promise<T> {
  if (version === null || MAX_ENTRIES === 0) return compute()
  const hit = entries.get(key)
  if (hit && hit.version === version && Date.now() - hit.at < MAX_AGE_MS) return hit.value as T
  const value = await compute()
  entries.set(key, { version, at: Date.now(), value })
  return value
}
