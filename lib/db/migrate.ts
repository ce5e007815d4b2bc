// Applies pending migrations from prisma/migrations/<provider>/ without any Prisma engine.
// Rows in _prisma_migrations are written exactly as `prisma migrate deploy` writes them (checksum
// = sha256 of migration.sql), so the real CLI can take over a database later, and vice versa.
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { projectRoot, type DatabaseTarget } from './config'

export class MigrationError extends Error {}

interface Conn {
  exec(sql: string): Promise<void>
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  close(): Promise<void>
}

interface AppliedRow {
  migration_name: string
  checksum: string
  finished_at: unknown
  rolled_back_at: unknown
}

const TABLE_SQL = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL,
    "finished_at" DATETIME, "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`,
}
// The key `prisma migrate` itself locks on, so this runner and the real CLI exclude each other.
const PG_ADVISORY_LOCK = 72707369

export interface Migration {
  name: string
  sql: string
  checksum: string
}

export function migrationsOnDisk(provider: DatabaseTarget['provider'], dir?: string): Migration[] {
  const base = dir ?? path.join(projectRoot(), 'prisma/migrations', provider)
  if (!existsSync(/*turbopackIgnore: true*/ base)) throw new MigrationError(`no migrations folder at ${base}`)
  return readdirSync(/*turbopackIgnore: true*/ base, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(base, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

async function open(target: DatabaseTarget): Promise<Conn> {
  if (target.provider === 'sqlite') {
    const { default: Database } = await import('better-sqlite3')
    if (target.url !== ':memory:') mkdirSync(/*turbopackIgnore: true*/ path.dirname(target.url), { recursive: true })
    const db = new Database(target.url, { timeout: 10_000 })
    db.pragma('journal_mode = WAL')
    const fix = (s: string) => s.replace(/\$\d+/g, '?')
    return {
      exec: async (s) => void db.exec(s),
      query: async <T>(s: string, p: unknown[] = []) => {
        const st = db.prepare(fix(s))
        if (st.reader) return st.all(...p) as T[]
        st.run(...p)
        return []
      },
      close: async () => void db.close(),
    }
  }
  const { default: pg } = await import('pg')
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  return {
    exec: async (s) => void (await client.query(s)),
    query: async <T>(s: string, p?: unknown[]) => (await client.query(s, p)).rows as T[],
    close: () => client.end(),
  }
}

const now = () => new Date().toISOString().replace('Z', '+00:00')

export interface MigrateResult {
  applied: string[]
  warnings: string[]
}

/**
 * Brings the database up to the migrations on disk. Refuses (MigrationError) when the database
 * knows a migration this code does not (it is ahead: a newer version ran against it) or holds a
 * failed one. Each migration commits whole or not at all; concurrent callers (several instances
 * starting at once) wait for each other and apply each migration exactly once.
 */
export async function migrate(target: DatabaseTarget, opts: { dir?: string; log?: (line: string) => void } = {}): Promise<MigrateResult> {
  const onDisk = migrationsOnDisk(target.provider, opts.dir)
  const conn = await open(target)
  const sqlite = target.provider === 'sqlite'
  const applied: string[] = []
  const warnings: string[] = []
  try {
    if (!sqlite) await conn.exec(`SELECT pg_advisory_lock(${PG_ADVISORY_LOCK})`)
    await conn.exec(TABLE_SQL[target.provider])
    const rows = await conn.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    )
    const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at)
    if (failed.length) {
      throw new MigrationError(
        `the database records failed migrations (${failed.map((r) => r.migration_name).join(', ')}); restore a backup or resolve them before starting`,
      )
    }
    const known = new Set(onDisk.map((m) => m.name))
    const ahead = rows.filter((r) => r.finished_at && !known.has(r.migration_name)).map((r) => r.migration_name)
    if (ahead.length) {
      throw new MigrationError(
        `the database is ahead of this code: it has migrations this version does not know (${ahead.join(', ')}). ` +
          'Refusing to start so no data is lost; run the newer version of the app, or restore a backup taken before it.',
      )
    }
    const done = new Map(rows.filter((r) => r.finished_at).map((r) => [r.migration_name, r.checksum]))
    for (const m of onDisk) {
      if (done.has(m.name)) {
        if (done.get(m.name) !== m.checksum) warnings.push(`migration ${m.name} was edited after it was applied`)
        continue
      }
      const started = now()
      // SQLite: table-rebuild migrations say PRAGMA foreign_keys=OFF, a no-op inside a transaction;
      // with keys on, their DROP TABLE would cascade into child rows. So keys go off before BEGIN
      // and are verified before COMMIT.
      if (sqlite) await conn.exec('PRAGMA foreign_keys=OFF')
      try {
        // IMMEDIATE: another process migrating the same file waits here, then sees the row below.
        await conn.exec(sqlite ? 'BEGIN IMMEDIATE' : 'BEGIN')
        const again = await conn.query(`SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL`, [m.name])
        if (again.length) {
          await conn.exec('ROLLBACK')
          continue
        }
        await conn.exec(m.sql)
        if (sqlite && (await conn.query('PRAGMA foreign_key_check')).length) throw new Error('foreign key violations')
        await conn.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, $3, $4, NULL, NULL, $5, 1)`,
          [randomUUID(), m.checksum, now(), m.name, started],
        )
        await conn.exec('COMMIT')
        applied.push(m.name)
        opts.log?.(`applied migration ${m.name}`)
      } catch (e) {
        await conn.exec('ROLLBACK').catch(() => {})
        throw new MigrationError(`migration ${m.name} failed and was rolled back: ${(e as Error).message}`)
      } finally {
        if (sqlite) await conn.exec('PRAGMA foreign_keys=ON')
      }
    }
  } finally {
    await conn.close()
  }
  return { applied, warnings }
}
