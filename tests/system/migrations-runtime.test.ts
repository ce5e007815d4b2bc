// The runtime migrator (lib/db/migrate.ts), used on server start and by `npm run db:migrate`, on
// both providers: pending migrations only, each once, whole or not at all, never onto a database
// that is ahead of the code — and the server refusing to start on one.
import { spawn } from 'node:child_process'
import { createHash, randomUUID } from 'node:crypto'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { resolveDatabaseUrl, type Provider } from '@/lib/db/config'
import { MigrationError, migrate, migrationsOnDisk } from '@/lib/db/migrate'
import { opsArgs } from '../../scripts/lib/ops.mjs'
import { ROOT, startApp, tempDatabaseUrl } from '../support/app'
import { postgresServer, providersUnderTest, cleanupAfterAll } from '../support/providers'

const PG_SERVER = postgresServer()
const providers = providersUnderTest()

const cleanup = cleanupAfterAll()

async function freshDatabase(provider: Provider): Promise<string> {
  const db = await tempDatabaseUrl(provider)
  cleanup(db.cleanup)
  return db.url
}

/** A scratch project root whose prisma/migrations/<provider> starts as a copy of the real one. */
function scratchMigrations(provider: Provider): { root: string; dir: string; add: (name: string, sql: string) => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'incident-console-migrations-'))
  cleanup(() => rmSync(root, { recursive: true, force: true }))
  const dir = path.join(root, 'prisma/migrations', provider)
  cpSync(path.join(ROOT, 'prisma/migrations', provider), dir, { recursive: true })
  return {
    root,
    dir,
    add: (name, sql) => {
      mkdirSync(path.join(dir, name))
      writeFileSync(path.join(dir, name, 'migration.sql'), sql)
    },
  }
}

/** Runs SQL against a test database directly (no app code in between). */
async function sqlOn<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const target = resolveDatabaseUrl(url)
  if (target.provider === 'sqlite') {
    const db = new Database(target.url)
    try {
      const st = db.prepare(sql.replace(/\$\d+/g, '?'))
      return st.reader ? (st.all(...params) as T[]) : (st.run(...params), [])
    } finally {
      db.close()
    }
  }
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    return (await c.query(sql, params)).rows as T[]
  } finally {
    await c.end()
  }
}

const tableExists = async (url: string, table: string) => {
  const sqlite = resolveDatabaseUrl(url).provider === 'sqlite'
  const rows = await sqlOn(
    url,
    sqlite ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name = $1` : `SELECT tablename FROM pg_tables WHERE tablename = $1`,
    [table],
  )
  return rows.length === 1
}

interface MigrationRow {
  migration_name: string
  checksum: string
  finished_at: unknown
  applied_steps_count: number
}
const migrationRows = (url: string) =>
  sqlOn<MigrationRow>(url, `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`)

const FUTURE = '29990101000000_from_a_newer_version'

async function markAhead(url: string) {
  const now = new Date().toISOString()
  await sqlOn(
    url,
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, $4, $5, 1)`,
    [randomUUID(), 'f'.repeat(64), now, FUTURE, now],
  )
}

describe.each(providers)('runtime migrations on %s', (provider) => {
  it('apply only what is pending, once, recording sha256 checksums as prisma migrate does', async () => {
    const url = await freshDatabase(provider)
    const target = resolveDatabaseUrl(url)
    const m = scratchMigrations(provider)
    const shipped = migrationsOnDisk(provider, m.dir).map((x) => x.name)
    expect(shipped.length).toBeGreaterThan(0)

    expect((await migrate(target, { dir: m.dir })).applied).toEqual(shipped)
    m.add('29980101000000_add_note', 'CREATE TABLE "Note" ("id" TEXT NOT NULL PRIMARY KEY, "body" TEXT NOT NULL);\n')
    expect((await migrate(target, { dir: m.dir })).applied).toEqual(['29980101000000_add_note'])
    expect(await migrate(target, { dir: m.dir })).toEqual({ applied: [], warnings: [] })
    expect(await tableExists(url, 'Note')).toBe(true)

    const rows = await migrationRows(url)
    const onDisk = migrationsOnDisk(provider, m.dir)
    expect(rows.map((r) => r.migration_name)).toEqual(onDisk.map((x) => x.name))
    for (const [i, row] of rows.entries()) {
      const file = readFileSync(path.join(m.dir, row.migration_name, 'migration.sql'))
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'))
      expect(row.checksum).toBe(onDisk[i].checksum)
      expect(row.finished_at).toBeTruthy()
      expect(Number(row.applied_steps_count)).toBe(1)
    }
  })

  it('refuse a database that is ahead of the code, changing nothing', async () => {
    const url = await freshDatabase(provider)
    const target = resolveDatabaseUrl(url)
    const m = scratchMigrations(provider)
    await migrate(target, { dir: m.dir })
    await markAhead(url)
    // A migration this code would apply next must stay unapplied: the database is not ours to change.
    m.add('29980101000000_add_note', 'CREATE TABLE "Note" ("id" TEXT NOT NULL PRIMARY KEY);\n')
    const before = await migrationRows(url)

    const err = await migrate(target, { dir: m.dir }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(MigrationError)
    expect((err as Error).message).toMatch(/ahead of this code/)
    expect((err as Error).message).toContain(FUTURE)
    expect(await tableExists(url, 'Note')).toBe(false)
    expect(await migrationRows(url)).toEqual(before)
  })

  it('roll a migration that fails half-way back whole: no partial tables, no record', async () => {
    const url = await freshDatabase(provider)
    const target = resolveDatabaseUrl(url)
    const m = scratchMigrations(provider)
    await migrate(target, { dir: m.dir })
    await sqlOn(url, `INSERT INTO "Service" (id, name) VALUES ('svc_keep', 'kept')`)
    m.add(
      '29980101000000_half_way',
      [
        'CREATE TABLE "Half" ("id" TEXT NOT NULL PRIMARY KEY);',
        `INSERT INTO "Half" ("id") VALUES ('one');`,
        `UPDATE "Service" SET "name" = 'changed' WHERE "id" = 'svc_keep';`,
        'INSERT INTO "NoSuchTable" ("id") VALUES (1);',
        'CREATE TABLE "AfterTheFailure" ("id" TEXT NOT NULL PRIMARY KEY);',
      ].join('\n'),
    )
    const before = await migrationRows(url)

    await expect(migrate(target, { dir: m.dir })).rejects.toThrow(/migration 29980101000000_half_way failed and was rolled back/)
    expect(await tableExists(url, 'Half')).toBe(false)
    expect(await tableExists(url, 'AfterTheFailure')).toBe(false)
    expect(await sqlOn(url, `SELECT name FROM "Service" WHERE id = 'svc_keep'`)).toEqual([{ name: 'kept' }])
    expect(await migrationRows(url)).toEqual(before)

    // Fixed, it applies cleanly on the next start.
    rmSync(path.join(m.dir, '29980101000000_half_way'), { recursive: true })
    m.add('29980101000000_half_way', 'CREATE TABLE "Half" ("id" TEXT NOT NULL PRIMARY KEY);\n')
    expect((await migrate(target, { dir: m.dir })).applied).toEqual(['29980101000000_half_way'])
  })

  it('stop the server from starting on a database that is ahead, with the reason on its output', async () => {
    const url = await freshDatabase(provider)
    await migrate(resolveDatabaseUrl(url))
    await markAhead(url)
    const before = await migrationRows(url)
    const err = await startApp({ databaseUrl: url, timeout: 30_000 }).then(
      async (app) => {
        await app.stop()
        return null
      },
      (e: unknown) => e as Error,
    )
    expect(err?.message).toMatch(/exited with 1 before it was ready/)
    expect(err?.message).toMatch(/refusing to start: the database is ahead of this code/)
    expect(err?.message).toContain(FUTURE)
    expect(await migrationRows(url)).toEqual(before)
  })
})

describe.runIf(PG_SERVER)('two processes migrating one fresh PostgreSQL database at the same moment', () => {
  it('both succeed and each migration is applied exactly once', async () => {
    const url = await freshDatabase('postgresql')
    const m = scratchMigrations('postgresql')
    // A slow migration keeps the first process inside the lock while the second one arrives.
    m.add('29980101000000_slow', 'SELECT pg_sleep(1.5);\nCREATE TABLE "Slow" ("id" TEXT NOT NULL PRIMARY KEY);\n')
    const names = migrationsOnDisk('postgresql', m.dir).map((x) => x.name)

    // The real command an operator (or two instances' start scripts) would run.
    const run = () =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, opsArgs('db', 'migrate', '--json'), {
          cwd: ROOT,
          env: { ...process.env, DATABASE_URL: url, APP_ROOT: m.root },
        })
        let out = ''
        let err = ''
        child.stdout.on('data', (d) => (out += d))
        child.stderr.on('data', (d) => (err += d))
        child.on('exit', (code) => resolve({ code, out, err }))
      })
    const results = await Promise.all([run(), run()])
    for (const r of results) expect(r.code, r.err).toBe(0)
    const applied = results.map((r) => (JSON.parse(r.out) as { applied: string[] }).applied)
    // One process applied everything, the other waited and found nothing left to do.
    expect(applied.flat().sort()).toEqual(names)
    expect(applied.map((a) => a.length).sort()).toEqual([0, names.length])

    const rows = await migrationRows(url)
    expect(rows.map((r) => r.migration_name)).toEqual(names)
    expect(await tableExists(url, 'Slow')).toBe(true)
  })
})
