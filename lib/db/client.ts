// One database layer for both providers. The app is typed against the SQLite-generated client;
// PostgreSQL gets its own generated client (Prisma refuses an adapter of the other provider)
// behind the same type. Connection, transaction and migration differences live in this folder;
// the one difference in query text, title search, lives in lib/incidents/store/list.ts (titleContains).
import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { ClientConfig, PoolClient } from 'pg'
import { PrismaClient, Prisma } from './generated/sqlite/client'
import { resolveDatabaseUrl, type DatabaseTarget, type Provider } from './config'
import { env } from '@/lib/env'
import { isSqliteBusy, isWriteConflict } from './errors'
import { keepConnectionsOnRefusal } from './keepConnections'
import { postgresNotices, type Notices } from './notices'
import { AppError } from '@/lib/errors'
import { parseTimestamp, postgresRunner, runDirectly, sqliteRunner, type Runner } from './statements'

export type PrismaDb = PrismaClient
export type Tx = Prisma.TransactionClient
export { Prisma }

export interface Db {
  provider: Provider
  /** For reads outside a transaction. Never used for writes: every write goes through `transaction` or `atomic`. */
  read: PrismaDb
  /**
   * Runs `fn` as one transaction: all of it commits or none of it does. On SQLite, transactions
   * are serialised in-process (the adapter shares one connection, and anything issued on it while
   * a transaction is open runs inside that transaction). On PostgreSQL, serialisation failures,
   * deadlocks and `RetryTransaction` thrown by `fn` (a lost compare-and-set) are retried.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
  /**
   * Runs `fn`, which reads what it needs (through `read`) and then makes one write, with `write`:
   * one statement, atomic by itself, so no BEGIN and COMMIT (PostgreSQL's data-modifying WITH
   * chains several statements into one). Retried from the start like a transaction, so a write
   * that lost a compare-and-set (RetryTransaction) reads again.
   */
  atomic<T>(fn: (write: <R>(query: Prisma.Sql) => Promise<R[]>) => Promise<T>): Promise<T>
  /** PostgreSQL: the database's notices of changes made anywhere (lib/db/notices.ts). */
  notices?: Notices
  close(): Promise<void>
}

const RETRY_BRAND = Symbol.for('incident-console.RetryTransaction')

/** Thrown inside a transaction to run it again from the start (after a lost compare-and-set). */
export class RetryTransaction extends Error {
  readonly [RETRY_BRAND] = true
  override name = 'RetryTransaction'
  constructor() {
    super('lost a compare-and-set to a concurrent writer; retrying')
  }
  // Next loads this module once for instrumentation and once for the routes: a retry must be
  // recognised whichever copy threw it.
  static [Symbol.hasInstance](e: unknown): boolean {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[RETRY_BRAND] === true
  }
}

const MAX_ATTEMPTS = 8

function isRetryable(e: unknown): boolean {
  // SQLITE_BUSY: another process held the file's write lock past the busy timeout.
  return e instanceof RetryTransaction || isWriteConflict(e) || isSqliteBusy(e)
}

async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (e) {
      if (!isRetryable(e)) throw e
      // Still losing to other writers after every attempt: the client's retry is the honest answer.
      if (attempt >= MAX_ATTEMPTS) {
        if (isSqliteBusy(e)) throw e
        throw new AppError('CONFLICT', 'the record is being changed by many requests at once; retry shortly')
      }
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt))
    }
  }
}

/** A promise-chain mutex: callers run one at a time, in arrival order. */
function serialiser() {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn)
    tail = run.catch(() => {})
    return run
  }
}

const TX_OPTIONS = { maxWait: 10_000, timeout: 15_000 }

/**
 * The open connections of one database, without behaviour. Shared per process (see getDb);
 * the Db around them is built by each copy of this module, so retries and error mapping use
 * that copy's classes.
 */
interface Connections {
  provider: Provider
  read: PrismaDb
  /** Present on SQLite: one write transaction at a time, process-wide. */
  serial?: <T>(fn: () => Promise<T>) => Promise<T>
  /** Runs plain statements for `read` (lib/db/statements.ts). */
  readRunner: Runner
  /** Runs a write statement outside a transaction (SQLite: on the writer's connection). */
  writeRunner: Runner
  /**
   * One attempt at a transaction; `fn` also gets a runner on the transaction's connection (none if
   * it could not be reached). Registering it is left to the caller: each copy of this module has
   * its own statements module, and the one that runs the statements must know the runner.
   */
  transaction<T>(fn: (tx: Tx, runner?: Runner) => Promise<T>): Promise<T>
  notices?: Notices
  close(): Promise<void>
}

/** How much of the SQLite file is read through mmap (SQLite caps it at its compile-time maximum). */
const sqliteMmapBytes = () => Math.floor(env().SQLITE_MMAP_MB * 1024 * 1024)

async function openSqlite(target: DatabaseTarget): Promise<Connections> {
  const { CachingBetterSqlite3 } = await import('./sqliteAdapter')
  if (target.url !== ':memory:') mkdirSync(/*turbopackIgnore: true*/ path.dirname(target.url), { recursive: true })
  const writerAdapter = new CachingBetterSqlite3({ url: target.url, timeout: 10_000 })
  // Two connections: readers never see a write transaction's uncommitted rows (WAL snapshots),
  // and the writer's transactions never swallow a reader's statement. An in-memory database
  // cannot be shared between connections, so it gets one for both.
  const readerAdapter = target.url === ':memory:' ? writerAdapter : new CachingBetterSqlite3({ url: target.url, timeout: 10_000 })
  const writer = new PrismaClient({ adapter: writerAdapter })
  const reader = readerAdapter === writerAdapter ? writer : new PrismaClient({ adapter: readerAdapter })
  // WAL: readers do not block the writer. synchronous=NORMAL in WAL mode loses no committed
  // transaction when the process dies (only on power loss), which is the trade SQLite recommends.
  await writer.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  for (const c of new Set([writer, reader])) {
    await c.$queryRawUnsafe('PRAGMA synchronous = NORMAL')
    // Reads through the OS page cache without a read() call per page: the covering index a deep
    // page walks is tens of MiB at 1M incidents, far past SQLite's own 2 MiB cache, which WAL
    // mode also empties whenever another connection commits.
    await c.$queryRawUnsafe(`PRAGMA mmap_size = ${sqliteMmapBytes()}`)
    await c.$queryRawUnsafe('PRAGMA foreign_keys = ON')
  }
  // The PRAGMAs above made Prisma open both connections.
  if (!writerAdapter.prepareOwn || !readerAdapter.prepareOwn) throw new Error('the SQLite connections did not open')
  // The writer's one connection is every transaction's connection.
  const writeRunner = sqliteRunner(writerAdapter.prepareOwn)
  return {
    provider: 'sqlite',
    read: reader,
    readRunner: sqliteRunner(readerAdapter.prepareOwn),
    writeRunner,
    transaction: (fn) => writer.$transaction((tx) => fn(tx, writeRunner), TX_OPTIONS),
    serial: serialiser(),
    close: async () => {
      await writer.$disconnect()
      if (reader !== writer) await reader.$disconnect()
    },
  }
}

async function openPostgres(target: DatabaseTarget): Promise<Connections> {
  const [{ PrismaClient: PgClient }, { PrismaPg }, { parse }, { default: pg }] = await Promise.all([
    import('./generated/postgresql/client'),
    import('@prisma/adapter-pg'),
    import('pg-connection-string'),
    import('pg'),
  ])
  // A parsed config rather than { connectionString }: see docs/architecture.md, "Two databases".
  const cfg = parse(target.url)
  // Bounded: at most DATABASE_POOL_SIZE connections per instance; a request waits at most the
  // connect timeout for one (then 503), and no statement runs longer than the statement timeout.
  // One pool for Prisma and for the plain statements of lib/db/statements.ts.
  const pool = new pg.Pool({
    ...(cfg as Record<string, unknown>),
    max: env().DATABASE_POOL_SIZE,
    connectionTimeoutMillis: env().DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: env().DATABASE_STATEMENT_TIMEOUT_MS,
    application_name: 'incident-console',
    // Prisma's adapter sets its own parsers per query; these are for the plain statements.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === pg.types.builtins.TIMESTAMP ? parseTimestamp : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  })
  // An idle connection's error (the server restarting) must not crash the process; queries report their own.
  pool.on('error', () => {})
  keepConnectionsOnRefusal(pool)
  // Prisma's adapter begins a transaction on a connection it checks out of this pool with a bare
  // `connect()` (pool.query passes a callback). Handing that connection to the transaction's
  // function lets its plain statements skip Prisma's client, ~0.1 ms and a queue hop each, while
  // staying inside the transaction Prisma begins and commits: round trips are most of a create's cost.
  const checkouts = new AsyncLocalStorage<{ connection?: PoolClient }>()
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<PoolClient> | undefined
  pool.connect = ((...args: unknown[]) => {
    const slot = checkouts.getStore()
    if (args.length || !slot || slot.connection) return connect(...args)
    return connect()!.then((connection) => ((slot.connection = connection), connection))
  }) as typeof pool.connect
  const client = new PgClient({ adapter: new PrismaPg(pool) }) as unknown as PrismaDb
  const onPool = postgresRunner(pool)
  // Its connect is bounded like the pool's: a database host that drops packets would otherwise
  // hold the attempt, and every retry behind it, for the kernel's two-minute connect timeout.
  const notices = postgresNotices({ ...(cfg as ClientConfig), connectionTimeoutMillis: env().DATABASE_CONNECT_TIMEOUT_MS }, (config) => new pg.Client(config))
  return {
    provider: 'postgresql',
    read: client,
    // Outside a transaction every statement is on the pool, reads and single-statement writes alike.
    readRunner: onPool,
    writeRunner: onPool,
    transaction: (fn) => {
      const slot: { connection?: PoolClient } = {}
      return checkouts.run(slot, () =>
        client.$transaction((tx) => fn(tx, slot.connection && postgresRunner(slot.connection)), TX_OPTIONS),
      )
    },
    notices,
    close: async () => {
      await notices.close()
      await client.$disconnect()
      await pool.end()
    },
  }
}

function around(c: Connections): Db {
  runDirectly(c.read, c.readRunner)
  const run = <T>(fn: (tx: Tx) => Promise<T>) =>
    withRetries(() => c.transaction((tx, runner) => (runner && runDirectly(tx, runner), fn(tx))))
  const write = async <R>(query: Prisma.Sql) => (await c.writeRunner.rows(query)) as R[]
  const atomic = <T>(fn: (w: typeof write) => Promise<T>) => withRetries(() => fn(write))
  return {
    provider: c.provider,
    read: c.read,
    transaction: c.serial ? (fn) => c.serial!(() => run(fn)) : run,
    atomic: c.serial ? (fn) => c.serial!(() => atomic(fn)) : atomic,
    notices: c.notices,
    close: () => c.close(),
  }
}

const connect = (target: DatabaseTarget) => (target.provider === 'postgresql' ? openPostgres(target) : openSqlite(target))

export async function createDb(target: DatabaseTarget = resolveDatabaseUrl()): Promise<Db> {
  return around(await connect(target))
}

// One set of connections per process: a client per request cost a third of the throughput, and
// on SQLite a second writer would defeat the serialisation above. Kept on globalThis because Next
// loads this module once for instrumentation (the sweeper) and once for the routes.
const g = globalThis as unknown as { __incidentConsoleConnections?: Promise<Connections> }
let db: Promise<Db> | undefined

export function getDb(): Promise<Db> {
  g.__incidentConsoleConnections ??= connect(resolveDatabaseUrl()).catch((e) => {
    g.__incidentConsoleConnections = undefined
    throw e
  })
  db ??= g.__incidentConsoleConnections.then(around, (e) => {
    db = undefined
    throw e
  })
  return db
}
