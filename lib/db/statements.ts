// Plain statements on the hot paths (the list, the key lookup, the writes of a create), built with
// `Prisma.sql` like every other raw statement, but sent straight to the driver: Prisma's client
// costs ~100 µs per raw statement (parameter serialisation, proxies, tracing hooks), more than
// SQLite takes to answer it, and a list request sends three (see docs/performance.md,
// Decisions). SQLite: on the connection's own better-sqlite3 handle, also inside a
// transaction (the writer's handle is the transaction's connection). PostgreSQL: reads on the pool
// Prisma itself uses, a transaction's statements on the connection Prisma checked out for it.
// Results look the same whichever way a statement went: DATETIME/timestamp columns come back as
// Date, booleans as boolean.
import type { Statement } from 'better-sqlite3'
import type { Pool, PoolClient } from 'pg'
import { Lru } from '@/lib/lru'
import type { Prisma, PrismaDb, Tx } from './client'

/** Runs statements for one Prisma client (or transaction client) without going through it. */
export interface Runner {
  rows(query: Prisma.Sql): Promise<Record<string, unknown>[]>
  run(query: Prisma.Sql): Promise<number>
}

const runners = new WeakMap<object, Runner>()

/**
 * Statements sent through `client` (a Prisma client, or a transaction's client) run on `runner`.
 * Only for a runner on the very connection(s) the client's own queries use, so that a statement
 * inside a transaction is part of it.
 */
export function runDirectly(client: object, runner: Runner): void {
  runners.set(client, runner)
}

/** Whether statements sent through `client` skip Prisma (they always should; tests check it). */
export function runsDirectly(client: object): boolean {
  return runners.has(client)
}

/** The rows of a query (a SELECT, or a write with RETURNING). */
export async function queryRows<T>(client: PrismaDb | Tx, query: Prisma.Sql): Promise<T[]> {
  const runner = runners.get(client)
  return runner ? ((await runner.rows(query)) as T[]) : client.$queryRaw<T[]>(query)
}

/** Runs a write; returns how many rows it changed. */
export async function execute(client: PrismaDb | Tx, query: Prisma.Sql): Promise<number> {
  const runner = runners.get(client)
  return runner ? runner.run(query) : client.$executeRaw(query)
}

// ---------- SQLite ----------

const MAX_STATEMENTS = 200

/** Prepared once per connection and text; the adapter turns safe integers on for the whole
 * connection, but counts and numbers fit a double. */
function preparer(prepareOwn: (sql: string) => Statement) {
  const statements = new Lru<string, Statement>(MAX_STATEMENTS)
  return (text: string) => {
    let statement = statements.get(text)
    if (!statement) statements.set(text, (statement = prepareOwn(text).safeIntegers(false)))
    return statement
  }
}

/** Arguments as Prisma's SQLite adapter writes them, so rows read the same whoever wrote them. */
function toSqlite(value: unknown): unknown {
  // A lone UTF-16 surrogate (JSON may carry "\ud800") becomes U+FFFD, as every UTF-8 encoder on
  // Prisma's path and pg's writes it; better-sqlite3 would store its raw bytes, read back as three.
  if (typeof value === 'string') return value.toWellFormed()
  if (value instanceof Date) return value.toISOString().replace('Z', '+00:00')
  if (typeof value === 'boolean') return value ? 1 : 0
  return value
}

const decoders = new WeakMap<Statement, ((row: Record<string, unknown>) => void) | null>()

/** Converts DATETIME and BOOLEAN columns in place, as Prisma's raw queries do. */
function decoderOf(statement: Statement) {
  let decode = decoders.get(statement)
  if (decode === undefined) {
    const dates: string[] = []
    const booleans: string[] = []
    for (const c of statement.columns()) {
      const type = c.type?.toUpperCase()
      if (type === 'DATETIME') dates.push(c.name)
      else if (type === 'BOOLEAN') booleans.push(c.name)
    }
    decode =
      dates.length || booleans.length
        ? (row) => {
            for (const name of dates) if (row[name] != null) row[name] = new Date(row[name] as string)
            for (const name of booleans) if (row[name] != null) row[name] = Boolean(row[name])
          }
        : null
    decoders.set(statement, decode)
  }
  return decode
}

/** Statements on one SQLite connection (its own `prepare`: lib/db/sqliteAdapter.ts). */
export function sqliteRunner(prepareOwn: (sql: string) => Statement): Runner {
  const prepare = preparer(prepareOwn)
  return {
    async rows(query) {
      const statement = prepare(query.sql)
      const rows = statement.all(query.values.map(toSqlite)) as Record<string, unknown>[]
      const decode = decoderOf(statement)
      if (decode) for (const row of rows) decode(row)
      return rows
    },
    async run(query) {
      return prepare(query.sql).run(query.values.map(toSqlite)).changes
    },
  }
}

// ---------- PostgreSQL ----------

/** timestamp(3) columns hold UTC wall-clock time; pg would read them in the process's time zone. */
export const parseTimestamp = (text: string) => new Date(`${text.replace(' ', 'T')}Z`)

/** Dates as UTC text: pg would write them in the process's time zone, which a timestamp column drops. */
const toPg = (value: unknown) => (value instanceof Date ? value.toISOString() : value)

/**
 * Statements on the pool Prisma's adapter also uses (reads), or on the connection of one of its
 * transactions (writes); both parse timestamps with parseTimestamp (lib/db/client.ts).
 */
export function postgresRunner(on: Pool | PoolClient): Runner {
  const query = (q: Prisma.Sql) => (on as Pool).query(q.text, q.values.map(toPg))
  return {
    async rows(q) {
      return (await query(q)).rows
    },
    async run(q) {
      return (await query(q)).rowCount ?? 0
    },
  }
}
