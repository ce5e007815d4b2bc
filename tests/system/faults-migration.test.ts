// A migration killed half-way (kill -9 of the migrating process while it runs a deliberately
// slow migration from a temporary copy of the migrations folder) leaves the database exactly as
// it was before that migration; the next run applies it whole. SQLite always; PostgreSQL too
// whenever a server is at hand.
import { spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createDb } from '@/lib/db/client'
import { resolveDatabaseUrl, type DatabaseTarget, type Provider } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { ROOT, tempDatabaseUrl } from '../support/app'
import { makeService } from '../support/fixtures'
import { providersUnderTest } from '../support/providers'

const SLOW = '29990101000000_slow_backfill'
const ROWS = { sqlite: 3_000_000, postgresql: 200_000 }
const providers = providersUnderTest()

/** Changes a table, then works for a few seconds: long enough to be killed inside. */
const slowMigration = (p: Provider) =>
  `ALTER TABLE "Service" ADD COLUMN "note" TEXT;
UPDATE "Service" SET "note" = 'half-way';
CREATE TABLE "Backfill" ("n" INTEGER NOT NULL);
` +
  (p === 'sqlite'
    ? `WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ${ROWS.sqlite}) INSERT INTO "Backfill" SELECT n FROM c;\n`
    : `INSERT INTO "Backfill" SELECT generate_series(1, ${ROWS.postgresql});\nSELECT pg_sleep(3);\n`)

/** Plain SQL on the database, outside the app's code. */
async function sql<T>(target: DatabaseTarget, text: string, params: unknown[] = []): Promise<T[]> {
  if (target.provider === 'sqlite') {
    const db = new Database(target.url)
    try {
      const st = db.prepare(text.replace(/\$\d+/g, '?'))
      return st.all(...params) as T[]
    } finally {
      db.close()
    }
  }
  const c = new pg.Client({ connectionString: target.url })
  await c.connect()
  try {
    return (await c.query(text, params)).rows as T[]
  } finally {
    await c.end()
  }
}

/** True once the migrating process is inside the slow migration's transaction. */
async function insideMigration(target: DatabaseTarget): Promise<boolean> {
  if (target.provider === 'sqlite') {
    // It holds SQLite's write lock for the whole migration.
    const probe = new Database(target.url, { timeout: 0 })
    try {
      probe.exec('BEGIN IMMEDIATE')
      probe.exec('ROLLBACK')
      return false
    } catch {
      return true
    } finally {
      probe.close()
    }
  }
  const rows = await sql(target, `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid()`)
  return rows.length > 0
}

async function columnsOfService(target: DatabaseTarget): Promise<string[]> {
  return target.provider === 'sqlite'
    ? (await sql<{ name: string }>(target, 'PRAGMA table_info("Service")')).map((c) => c.name)
    : (await sql<{ column_name: string }>(target, `SELECT column_name FROM information_schema.columns WHERE table_name = 'Service'`)).map((c) => c.column_name)
}

async function hasBackfill(target: DatabaseTarget): Promise<boolean> {
  return target.provider === 'sqlite'
    ? (await sql(target, `SELECT name FROM sqlite_master WHERE name = 'Backfill'`)).length > 0
    : (await sql(target, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Backfill'`)).length > 0
}

describe.each(providers)('migration interrupted half-way (%s)', (provider) => {
  let url: string
  let cleanup: () => unknown
  const dir = mkdtempSync(path.join(tmpdir(), 'incident-console-migrations-'))
  afterAll(async () => {
    await cleanup?.()
    rmSync(dir, { recursive: true, force: true })
  })

  it('rolls back whole and applies on the next run', async () => {
    ;({ url, cleanup } = await tempDatabaseUrl(provider))
    const target = resolveDatabaseUrl(url)
    await migrate(target)
    const db = await createDb(target)
    const service = await makeService(db)
    await db.close()

    cpSync(path.join(ROOT, 'prisma/migrations', provider), dir, { recursive: true })
    mkdirSync(path.join(dir, SLOW))
    writeFileSync(path.join(dir, SLOW, 'migration.sql'), slowMigration(provider))

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { migrate } = await import('./lib/db/migrate.ts'); const { resolveDatabaseUrl } = await import('./lib/db/config.ts');
         await migrate(resolveDatabaseUrl(process.env.URL), { dir: process.env.DIR })`,
      ],
      { cwd: ROOT, env: { ...process.env, URL: url, DIR: dir }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    child.stdout!.on('data', (d) => (out += d))
    child.stderr!.on('data', (d) => (out += d))
    const exited = new Promise<void>((r) => child.once('exit', () => r()))

    const deadline = Date.now() + 20_000
    let inside = false
    while (!inside && Date.now() < deadline && child.exitCode === null) {
      inside = await insideMigration(target)
      if (!inside) await new Promise((r) => setTimeout(r, 10))
    }
    expect(inside, out).toBe(true)
    await new Promise((r) => setTimeout(r, 300)) // well inside the migration's few seconds
    expect(child.exitCode, 'the migration finished before it could be interrupted').toBeNull()
    child.kill('SIGKILL')
    await exited
    if (provider === 'postgresql') {
      // The server rolls back when it finds the client gone (after the statement it is running).
      const until = Date.now() + 20_000
      while ((await insideMigration(target)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
      await new Promise((r) => setTimeout(r, 200))
    }

    // As before the migration: no new column, no new table, no record of it, data intact.
    if (provider === 'sqlite') expect((await sql<{ integrity_check: string }>(target, 'PRAGMA integrity_check'))[0].integrity_check).toBe('ok')
    expect(await columnsOfService(target)).not.toContain('note')
    expect(await hasBackfill(target)).toBe(false)
    expect(await sql(target, `SELECT migration_name FROM "_prisma_migrations" WHERE migration_name = $1`, [SLOW])).toEqual([])
    expect(await sql(target, 'SELECT id, name FROM "Service"')).toEqual([{ id: service.id, name: service.name }])

    // The next run applies it, whole.
    const { applied } = await migrate(target, { dir })
    expect(applied).toEqual([SLOW])
    expect((await sql<{ n: number | string }>(target, 'SELECT count(*) AS n FROM "Backfill"')).map((r) => Number(r.n))).toEqual([ROWS[provider]])
    expect(await sql(target, 'SELECT note FROM "Service"')).toEqual([{ note: 'half-way' }])
  }, 90_000)
})
