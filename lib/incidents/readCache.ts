// List and summary answers, kept per process while nothing has changed. An on-call dashboard is
// many browsers polling the same view, and refetching it together on every change notice; at a
// million incidents each answer costs the database more than the request costs the app. Every
// write to the tables an answer is made of bumps Counter 'changes' in its own transaction, by a
// trigger (migration 20261126190000_change_counter), whoever writes: this app, another instance,
// the CLI. An answer is reused only while the counter reads what it read when the answer was
// computed — so it is exactly what computing it now would give (snoozes that ran out are woken
// before an answer is kept or reused, and waking them is a change).
import { env } from '@/lib/env'
import { Lru } from '@/lib/lru'
import { wakeDueSnoozes } from './commands'
import { readState, type Db, type ReadState } from './store'

/** Answers kept per process (READ_CACHE_ENTRIES=0 turns the cache off). */
const maxEntries = () => env().READ_CACHE_ENTRIES
/** The counter wraps below 2^31; no answer outlives a minute, so a wrap never reads as "unchanged". */
const MAX_AGE_MS = 60_000

interface Entry {
  version: number
  at: number
  value: unknown
}

let kept: Lru<string, Entry> | undefined
const entries = () => (kept ??= new Lru<string, Entry>(maxEntries()))

/** An answer and the read state it was computed from: read in its own statement, or before it. */
export interface Read<T> {
  value: T
  state: ReadState
}

/** For an answer whose statements cannot carry the read state: the state read first. */
export async function afterState<T>(db: Db, now: Date, compute: () => Promise<T>): Promise<Read<T>> {
  const state = await readState(db, now)
  return { state, value: await compute() }
}

/**
 * The answer for `key`: from memory while the change counter has not moved since it was read,
 * else from `read`. A question asked for the first time costs `read` alone (the list reads the
 * state in its page's statement); one asked before costs one more statement, the state. Snoozes
 * that ran out are woken before an answer is kept or reused, and the answer read again.
 */
export async function cached<T>(db: Db, key: string, now: Date, read: () => Promise<Read<T>>): Promise<T> {
  const hit = maxEntries() === 0 ? undefined : entries().get(key)
  if (hit && Date.now() - hit.at < MAX_AGE_MS) {
    const state = await readState(db, now)
    if (state.version === hit.version && !state.due) return hit.value as T
    if (state.due) await wakeDueSnoozes(db, now)
  }
  let answer = await read()
  if (answer.state.due) {
    await wakeDueSnoozes(db, now)
    answer = await read()
  }
  // Still due: a snooze another writer held on to; the sweep wakes it, and this answer is not kept.
  const { version, due } = answer.state
  if (version !== null && !due && maxEntries() !== 0) entries().set(key, { version, at: Date.now(), value: answer.value })
  return answer.value
}
