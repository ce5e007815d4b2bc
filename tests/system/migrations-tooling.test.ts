// The offline migration tooling (scripts/prisma-offline.mjs, on Prisma's wasm schema engine) and
// the runtime migrator working together: drift checks, creating a migration, applying it. Every
// schema change here happens on a scratch copy of prisma/ (--root), never on the real one.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { ROOT, tempPostgresUrl, tempSqliteUrl } from '../support/app'
import { postgresServer, providersUnderTest, cleanupAfterAll } from '../support/providers'

const PG_SERVER = postgresServer()
const providers = providersUnderTest()

const cleanup = cleanupAfterAll()

function offline(args: string[]) {
  const provider = args.includes('postgresql') ? ['--url', PG_SERVER!] : []
  const r = spawnSync(process.execPath, ['scripts/prisma-offline.mjs', ...args, ...provider], { cwd: ROOT, encoding: 'utf8' })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

/** A scratch project folder holding a copy of prisma/ (schema and both migration folders). */
function scratchRoot(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'incident-console-prisma-'))
  cleanup(() => rmSync(dir, { recursive: true, force: true }))
  cpSync(path.join(ROOT, 'prisma/schema.prisma'), path.join(dir, 'prisma/schema.prisma'))
  cpSync(path.join(ROOT, 'prisma/migrations'), path.join(dir, 'prisma/migrations'), { recursive: true })
  return dir
}

function editSchema(root: string, from: string | RegExp, to: string) {
  const file = path.join(root, 'prisma/schema.prisma')
  const before = readFileSync(file, 'utf8')
  const after = before.replace(from, to)
  expect(after, 'the schema edit did not apply').not.toBe(before)
  writeFileSync(file, after)
}

const migrationNames = (root: string, provider: string) =>
  readdirSync(path.join(root, 'prisma/migrations', provider), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()

async function freshDatabase(provider: 'sqlite' | 'postgresql') {
  if (provider === 'sqlite') {
    const db = tempSqliteUrl()
    cleanup(db.cleanup)
    return db.url
  }
  const db = await tempPostgresUrl()
  cleanup(db.cleanup)
  return db.url
}

async function columnsOf(url: string, table: string): Promise<string[]> {
  const target = resolveDatabaseUrl(url)
  if (target.provider === 'sqlite') {
    const db = new Database(target.url, { readonly: true })
    try {
      return (db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string }>).map((r) => r.name)
    } finally {
      db.close()
    }
  }
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    const r = await c.query('SELECT column_name FROM information_schema.columns WHERE table_name = $1', [table])
    return r.rows.map((row) => row.column_name as string)
  } finally {
    await c.end()
  }
}

describe.each(providers)('migration tooling on %s', (provider) => {
  it('check passes on the repository as it is', () => {
    const r = offline(['check', '--provider', provider])
    expect(r.err).toContain(`OK (${provider})`)
    expect(r.code).toBe(0)
  })

  it('check exits 2 when the schema changed without a migration, and create fixes that with a migration that applies', async () => {
    const root = scratchRoot()
    editSchema(root, /model Service \{\n  id        String   @id\n/, 'model Service {\n  id        String   @id\n  runbookUrl String?\n')

    const drift = offline(['check', '--provider', provider, '--root', root])
    expect(drift.code).toBe(2)
    expect(drift.err).toContain(`DRIFT (${provider})`)
    expect(drift.out).toMatch(/ALTER TABLE "Service" ADD COLUMN\s+"runbookUrl"/)

    const before = migrationNames(root, provider)
    const created = offline(['create', 'add runbook url', '--provider', provider, '--root', root])
    expect(created.code, created.err).toBe(0)
    const added = migrationNames(root, provider).filter((n) => !before.includes(n))
    // Prisma's own layout: <14-digit UTC timestamp>_<name>/migration.sql, after every older one.
    expect(added).toHaveLength(1)
    expect(added[0]).toMatch(/^\d{14}_add_runbook_url$/)
    expect(migrationNames(root, provider).at(-1)).toBe(added[0])
    const dir = path.join(root, 'prisma/migrations', provider)
    expect(readFileSync(path.join(dir, added[0], 'migration.sql'), 'utf8')).toMatch(/ADD COLUMN\s+"runbookUrl"/)
    expect(readFileSync(path.join(dir, 'migration_lock.toml'), 'utf8')).toContain(`provider = "${provider}"`)

    expect(offline(['check', '--provider', provider, '--root', root]).code).toBe(0)
    // Nothing of this reached the real project.
    expect(offline(['check', '--provider', provider]).code).toBe(0)
    expect(existsSync(path.join(ROOT, 'prisma/migrations', provider, added[0]))).toBe(false)

    const url = await freshDatabase(provider)
    const { applied } = await migrate(resolveDatabaseUrl(url), { dir })
    expect(applied).toEqual(migrationNames(root, provider))
    expect(await columnsOf(url, 'Service')).toContain('runbookUrl')
  })
})

describe('SQLite table-rebuild migrations', () => {
  it('keep the child rows of the rebuilt table (foreign keys off before BEGIN, checked before COMMIT)', async () => {
    const root = scratchRoot()
    // SQLite cannot alter a column default in place: Prisma redefines the whole Incident table
    // (CREATE new_, copy, DROP, RENAME). TimelineEvent rows reference it with ON DELETE CASCADE.
    editSchema(root, 'version        Int       @default(1)', 'version        Int       @default(0)')
    expect(offline(['create', 'version default', '--root', root]).code).toBe(0)
    const dir = path.join(root, 'prisma/migrations/sqlite')
    const rebuild = migrationNames(root, 'sqlite').at(-1)!
    const sql = readFileSync(path.join(dir, rebuild, 'migration.sql'), 'utf8')
    expect(sql).toContain('DROP TABLE "Incident"')

    const url = await freshDatabase('sqlite')
    const target = resolveDatabaseUrl(url)
    // Everything but the rebuild first, then data, then the rebuild.
    const held = mkdtempSync(path.join(tmpdir(), 'incident-console-held-'))
    cleanup(() => rmSync(held, { recursive: true, force: true }))
    cpSync(path.join(dir, rebuild), path.join(held, rebuild), { recursive: true })
    rmSync(path.join(dir, rebuild), { recursive: true })
    await migrate(target, { dir })

    const db = new Database(target.url)
    db.pragma('foreign_keys = ON')
    const now = new Date().toISOString()
    db.prepare(`INSERT INTO "Service" (id, name) VALUES ('svc_1', 'api')`).run()
    db.prepare(
      `INSERT INTO "Incident" (id, number, title, titleSearch, status, active, urgency, serviceId, createdAt, updatedAt)
       VALUES ('inc_1', 1, 'Down', 'down', 'OPEN', 1, 'high', 'svc_1', ?, ?)`,
    ).run(now, now)
    const event = db.prepare(
      `INSERT INTO "TimelineEvent" (id, incidentId, type, at, actorType, actorName, details) VALUES (?, 'inc_1', 'created', ?, 'system', 'system', '{}')`,
    )
    for (let i = 0; i < 5; i++) event.run(`evt_${i}`, now)
    db.close()

    cpSync(path.join(held, rebuild), path.join(dir, rebuild), { recursive: true })
    const { applied } = await migrate(target, { dir })
    expect(applied).toEqual([rebuild])

    const after = new Database(target.url, { readonly: true })
    try {
      expect(after.prepare('SELECT count(*) AS n FROM "TimelineEvent"').get()).toEqual({ n: 5 })
      expect(after.prepare('SELECT id, version FROM "Incident"').all()).toEqual([{ id: 'inc_1', version: 1 }])
      expect(after.pragma('foreign_key_check')).toEqual([])
    } finally {
      after.close()
    }
  })
})
