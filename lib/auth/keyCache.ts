// Verified API keys kept in memory on PostgreSQL. There, reading a key's row is a round trip on
// every API request, as costly as the rest of an alert's fold, and an alert storm is the same few
// keys thousands of times (docs/performance.md, "Alert storm"). A key's row is kept only while
// the instance listens to the database's notices of key changes: a trigger announces every
// update or deletion of a key row, whoever makes it (migration 20261207150000_api_key_notices),
// and the kept row is dropped on the notice, on every instance. A kept row is answered only once
// the instance has caught up with the notices (one round trip on the notices connection, shared
// by the requests that arrive together), since a client that saw a revocation commit can ask before
// its notice has arrived. While the instance is not listening it keeps nothing and reads every
// row, since a notice sent then is lost.
// Only the row is kept: the key's digest is still compared and its expiry checked on each request.
// SQLite keeps nothing: the lookup is in process and costs microseconds, and the CLI changes the
// file without telling the server.
import type { Db } from '@/lib/db/client'
import { Lru } from '@/lib/lru'

/** The notice channel of migration 20261207150000_api_key_notices; the payload is the key's lookup id ('' for all keys). */
export const API_KEY_CHANNEL = 'incident_console_api_key'
const MAX_KEYS = 10_000

export class KeyCache<Row> {
  private readonly rows = new Lru<string, Row>(MAX_KEYS)
  private listening = false
  /** Moves on every notice and every change of listening: a row read across one is not kept. */
  private generation = 0

  /** `caughtUp`: resolves true once every notice committed before the call has been handled. */
  constructor(private readonly caughtUp: () => Promise<boolean>) {}

  /** Call before reading a row from the database; hand the answer to `keep`. */
  begin(): number {
    return this.generation
  }

  /** The kept row, as of every change committed before the call; undefined: read it. */
  async get(lookupId: string): Promise<Row | undefined> {
    // Nothing is kept while not listening (setListening empties the rows, keep refuses).
    if (this.rows.get(lookupId) === undefined) return undefined
    if (!(await this.caughtUp())) return undefined
    return this.rows.get(lookupId)
  }

  /** Keeps a row read since `begin` returned `since`, unless a notice came in between. */
  keep(lookupId: string, row: Row, since: number): void {
    if (this.listening && since === this.generation) this.rows.set(lookupId, row)
  }

  /** The key changed: its row is read again. '' (a TRUNCATE): every key. */
  drop(lookupId: string): void {
    this.generation++
    if (lookupId) this.rows.delete(lookupId)
    else this.rows.clear()
  }

  setListening(on: boolean): void {
    this.generation++
    this.rows.clear()
    this.listening = on
  }
}

// Next loads this module twice (instrumentation, which runs the API lane, and the routes): the one
// cache per database connection is found through globalThis, so a revocation served by one copy
// drops the key for the other.
const g = globalThis as unknown as { __incidentConsoleKeyCaches?: WeakMap<object, KeyCache<unknown>> }

/** Drops a key this process may have kept, without starting to keep any (the CLI keeps none). */
export function forgetKey(db: Db, lookupId: string): void {
  if (db.notices) g.__incidentConsoleKeyCaches?.get(db.notices)?.drop(lookupId)
}

/** The instance's cache of key rows for `db`, listening from the first call; null where none is kept (SQLite). */
export function keyCacheOf<Row>(db: Db): KeyCache<Row> | null {
  const notices = db.notices
  if (!notices) return null
  const caches = (g.__incidentConsoleKeyCaches ??= new WeakMap())
  let cache = caches.get(notices)
  if (!cache) {
    const created = new KeyCache<unknown>(() => notices.caughtUp())
    caches.set(notices, created)
    notices.watch(API_KEY_CHANNEL, { notice: (id) => created.drop(id), listening: (on) => created.setListening(on) })
    cache = created
  }
  return cache as KeyCache<Row>
}
