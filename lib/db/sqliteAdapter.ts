// Prisma's better-sqlite3 adapter prepares every statement anew, even the same text a thousand
// times a second: ~5 % of a list request's CPU and ~10 % of a create's (see docs/performance.md,
// Decisions). This adapter keeps each connection's prepared statements, keyed by their
// text, in a bounded LRU, and lets lib/db/statements.ts prepare its own on the same connection.
import type { Database, Statement } from 'better-sqlite3'
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3'
import { Lru } from '@/lib/lru'

/** Distinct statement texts kept per connection; list filters make a few dozen in practice. */
export const STATEMENT_CACHE_SIZE = 500

const columnsOf = new WeakMap<Statement, ReturnType<Statement['columns']>>()

/**
 * What the adapter does with a prepared statement: `prepare(sql).bind(args)`, then `reader`,
 * `columns()`, `run()` or `raw().all()`. better-sqlite3 binds a statement for good, so a shared
 * statement gets a view that passes the arguments to every call instead.
 */
function boundView(statement: Statement, args: unknown[]) {
  return {
    reader: statement.reader,
    // Described once per statement: better-sqlite3 builds the descriptors anew on every call.
    columns: () => {
      let columns = columnsOf.get(statement)
      if (!columns) columnsOf.set(statement, (columns = statement.columns()))
      return columns
    },
    run: () => statement.run(args),
    all: () => statement.raw(false).all(args),
    get: () => statement.raw(false).get(args),
    raw: (on = true) => ({ all: () => statement.raw(on).all(args), get: () => statement.raw(on).get(args) }),
  }
}

/**
 * Makes `db.prepare` return cached statements, and returns the connection's own, uncached
 * `prepare` (for lib/db/statements.ts, which keeps statements of its own). Safe to share between
 * the requests of one process: better-sqlite3 runs a statement to completion synchronously, so no
 * two uses overlap; a statement whose tables changed is re-prepared by SQLite itself.
 */
export function cacheStatements(db: Database, size = STATEMENT_CACHE_SIZE): (sql: string) => Statement {
  const prepare = db.prepare.bind(db) as (sql: string) => Statement
  const cache = new Lru<string, Statement>(size)
  db.prepare = ((text: string) => {
    // The adapter opens transactions with a deferred BEGIN. Every transaction on the writer
    // connection writes, and a deferred one that read first cannot take the write lock once another
    // process (the CLI, a second server) has committed since: SQLITE_BUSY at once, busy timeout or
    // not. IMMEDIATE takes the lock up front and waits for it.
    const sql = text === 'BEGIN' ? 'BEGIN IMMEDIATE' : text
    let shared = cache.get(sql)
    if (!shared) cache.set(sql, (shared = prepare(sql)))
    const statement = shared
    // `bind` is the only call that would change the shared statement itself.
    return new Proxy(statement, {
      get: (target, prop) => {
        if (prop === 'bind') return (args: unknown[]) => boundView(statement, args)
        const value = Reflect.get(target, prop, target)
        // Native methods must be called on the statement itself, not on the proxy.
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }) as Database['prepare']
  return prepare
}

/** The adapter, with each connection it opens caching its statements. */
export class CachingBetterSqlite3 extends PrismaBetterSqlite3 {
  /** The connection's own `prepare`, uncached, once Prisma has opened it. */
  prepareOwn?: (sql: string) => Statement

  override async connect() {
    const adapter = await super.connect()
    // The adapter keeps its better-sqlite3 handle in `client` (see its dist/index.mjs).
    const db = (adapter as unknown as { client?: Database }).client
    if (!db || typeof db.prepare !== 'function') throw new Error('@prisma/adapter-better-sqlite3 changed: no client to cache statements on')
    this.prepareOwn = cacheStatements(db)
    return adapter
  }
}
