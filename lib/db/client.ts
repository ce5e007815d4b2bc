// One database layer for both providers. The app is typed against the SQLite-generated client;
// PostgreSQL gets its own generated client (Prisma refuses an adapter of the other provider)
// behind the same type. Connection, transaction and migration differences live in this folder;
// the one difference in query text, title search, lives in lib/incidents/listSql.ts (titleContains).
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PrismaClient, Prisma } from './generated/sqlite/client'
import { resolveDatabaseUrl, type DatabaseTarget, type Provider } from './config'
import { AppError } from '@/lib/errors'

export type PrismaDb = PrismaClient
export type Tx = Prisma.TransactionClient
export { Prisma }

export interface Db {
  provider: Provider
  /** For reads outside a transaction. Never used for writes: every write goes through `transaction`. */
  read: PrismaDb
  /**
   * Runs `fn` as one transaction: all of it commits or none of it does. On SQLite, transactions
   * are serialised in-process (the adapter shares one connection, and anything issued on it while
   * a transaction is open runs inside that transaction). On PostgreSQL, serialisation failures,
   * deadlocks and `RetryTransaction` thrown by `fn` (a lost compare-and-set) are retried.
   */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>
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
  if (e instanceof RetryTransaction) return true
  const err = e as { code?: string; message?: string; cause?: { code?: string } }
  // P2034: Prisma's "write conflict or deadlock"; 40001/40P01: PostgreSQL serialization / deadlock;
  // SQLITE_BUSY: another process held the file's write lock past the busy timeout.
  const code = err?.code ?? err?.cause?.code
  return code === 'P2034' || code === '40001' || code === '40P01' || /SQLITE_BUSY|database is locked/i.test(String(err?.message))
}

async function withRetries<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (e) {
      if (!isRetryable(e)) throw e
      // Still losing to other writers after every attempt: the client's retry is the honest answer.
      if (attempt >= MAX_ATTEMPTS) {
        if (/SQLITE_BUSY|database is locked/i.test(String((e as Error)?.message))) throw e
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
  writer: PrismaDb
  /** Present on SQLite: one write transaction at a time, process-wide. */
  serial?: <T>(fn: () => Promise<T>) => Promise<T>
  close(): Promise<void>
}

async function openSqlite(target: DatabaseTarget): Promise<Connections> {
  const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3')
  if (target.url !== ':memory:') mkdirSync(/*turbopackIgnore: true*/ path.dirname(target.url), { recursive: true })
  const open = () => new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: target.url, timeout: 10_000 }) })
  // Two connections: readers never see a write transaction's uncommitted rows (WAL snapshots),
  // and the writer's transactions never swallow a reader's statement. An in-memory database
  // cannot be shared between connections, so it gets one for both.
  const writer = open()
  const reader = target.url === ':memory:' ? writer : open()
  // WAL: readers do not block the writer. synchronous=NORMAL in WAL mode loses no committed
  // transaction when the process dies (only on power loss), which is the trade SQLite recommends.
  await writer.$queryRawUnsafe('PRAGMA journal_mode = WAL')
  for (const c of new Set([writer, reader])) {
    await c.$queryRawUnsafe('PRAGMA synchronous = NORMAL')
    await c.$queryRawUnsafe('PRAGMA foreign_keys = ON')
  }
  return {
    provider: 'sqlite',
    read: reader,
    writer,
    serial: serialiser(),
    close: async () => {
      await writer.$disconnect()
      if (reader !== writer) await reader.$disconnect()
    },
  }
}

async function openPostgres(target: DatabaseTarget): Promise<Connections> {
  const [{ PrismaClient: PgClient }, { PrismaPg }, { parse }] = await Promise.all([
    import('./generated/postgresql/client'),
    import('@prisma/adapter-pg'),
    import('pg-connection-string'),
  ])
  // A parsed config rather than { connectionString }: see docs/architecture.md, "Two databases".
  const cfg = parse(target.url)
  // Bounded: at most DATABASE_POOL_SIZE connections per instance; a request waits at most the
  // connect timeout for one (then 503), and no statement runs longer than the statement timeout.
  const adapter = new PrismaPg({
    ...(cfg as Record<string, unknown>),
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    connectionTimeoutMillis: Number(process.env.DATABASE_CONNECT_TIMEOUT_MS ?? 5_000),
    idleTimeoutMillis: 30_000,
    statement_timeout: Number(process.env.DATABASE_STATEMENT_TIMEOUT_MS ?? 15_000),
    application_name: 'incident-console',
  })
  const client = new PgClient({ adapter }) as unknown as PrismaDb
  return { provider: 'postgresql', read: client, writer: client, close: () => client.$disconnect() }
}

function around(c: Connections): Db {
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withRetries(() => c.writer.$transaction(fn, TX_OPTIONS))
  return {
    provider: c.provider,
    read: c.read,
    transaction: c.serial ? (fn) => c.serial!(() => run(fn)) : run,
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
