#!/usr/bin/env node
// Offline stand-in for `prisma migrate dev --create-only` and drift checks, built on Prisma's own
// schema engine compiled to wasm (@prisma/schema-engine-wasm, pinned exactly: it is internal to
// Prisma and tests/system/migrations-tooling.test.ts guards it). Applying migrations does not use this
// file: lib/db/migrate.ts does that with no engine at all.
//
//   node scripts/prisma-offline.mjs create NAME [--provider sqlite|postgresql]   write a migration
//   node scripts/prisma-offline.mjs check       [--provider …]   exit 2: schema changed, no migration
//   node scripts/prisma-offline.mjs dbcheck     [--provider …] --url URL   exit 2: live DB drifted
//   node scripts/prisma-offline.mjs sql         [--provider …]   the schema as SQL, from empty
//
// --root DIR works on another project folder's prisma/ (default: this project); the tests use it
// on a scratch copy so a schema change under test never touches the real one.
//
// PostgreSQL needs a server to replay migrations into a shadow database: --url (or
// SHADOW_DATABASE_URL / DATABASE_URL) names one; a throwaway database is created on it and dropped.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { randomUUID } from 'node:crypto'
import * as se from '@prisma/schema-engine-wasm/schema_engine_bg'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import { derivePostgresSchema, migrationsDir, schemaPath, ROOT } from './lib/schemas.mjs'

const { positionals: [cmd, name], values: opt } = parseArgs({
  allowPositionals: true,
  options: { provider: { type: 'string', default: 'sqlite' }, url: { type: 'string' }, root: { type: 'string' } },
})
const provider = opt.provider
if (!['sqlite', 'postgresql'].includes(provider)) fail(`unknown provider "${provider}"`)
const url = opt.url ?? process.env.SHADOW_DATABASE_URL ?? (provider === 'sqlite' ? 'file::memory:' : process.env.DATABASE_URL)
if (provider === 'postgresql' && !/^postgres(ql)?:/.test(url ?? '')) fail('postgresql needs --url postgresql://… (a server for the shadow database)')
const root = path.resolve(opt.root ?? ROOT)
if (provider === 'postgresql') derivePostgresSchema(root)
const dir = migrationsDir(provider, root)
// Tables the schema cannot describe, created by hand-written migrations: the engine must neither
// drop them nor call them drift. SQLite's title-search FTS5 table and the shadow tables FTS5 makes.
const EXTERNAL_TABLES = {
  sqlite: ['', '_config', '_data', '_docsize', '_idx'].map((s) => `IncidentTitleSearch${s}`),
  postgresql: [],
}
const FILTERS = { externalTables: EXTERNAL_TABLES[provider], externalEnums: [] }
const files = [{ path: schemaPath(provider, root), content: readFileSync(schemaPath(provider, root), 'utf8') }]

function fail(message) {
  console.error(`prisma-offline: ${message}`)
  process.exit(64)
}

async function adapterFactory() {
  if (provider === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3')
    const base = new PrismaBetterSqlite3({ url }) // its shadow database is :memory:
    return {
      provider: base.provider,
      adapterName: base.adapterName,
      connect: () => base.connect(),
      connectToShadowDb: async () => {
        // The engine replays a migration as one executeRaw of the whole script; better-sqlite3
        // prepares a single statement, so route argument-less scripts to exec().
        const a = await base.connectToShadowDb()
        const raw = a.executeRaw.bind(a)
        a.executeRaw = (q) => (q.args.length ? raw(q) : a.executeScript(q.sql).then(() => 0))
        return a
      },
    }
  }
  const { PrismaPg } = await import('@prisma/adapter-pg')
  const { default: pg } = await import('pg')
  // Engine introspection reads pg_catalog's "char" type (OID 18), which adapter-pg rejects.
  for (const C of [pg.Pool, pg.Client]) {
    const q = C.prototype.query
    C.prototype.query = function (c, ...rest) {
      const r = q.call(this, c, ...rest)
      return rest.length || c?.rowMode !== 'array' || !r?.then
        ? r
        : r.then((res) => {
            for (const f of res.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25
            return res
          })
    }
  }
  // adapter-pg's executeScript splits on ';' (breaks $$ bodies, and is not atomic): send the script whole.
  const whole = (a) => {
    a.executeScript = (s) => a.underlyingDriver().query(s).then(() => {}, (e) => a.onError(e))
    return a
  }
  // A parsed config, never { connectionString }: with a connection string, adapter-pg's own shadow
  // database silently IS the main database (the string wins over `database`), so the diff would
  // replay migrations into real data. The shadow database is created and dropped here instead.
  const cfg = (await import('pg-connection-string')).parse(url)
  const base = new PrismaPg(cfg)
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => whole(await base.connect()),
    connectToShadowDb: async () => {
      const db = `prisma_shadow_${randomUUID().replace(/-/g, '')}`
      const admin = new pg.Client(cfg)
      await admin.connect()
      await admin.query(`CREATE DATABASE "${db}"`)
      const shadow = whole(await new PrismaPg({ ...cfg, database: db }).connect())
      const dispose = shadow.dispose.bind(shadow)
      shadow.dispose = async () => {
        await dispose()
        await admin.query(`DROP DATABASE "${db}" WITH (FORCE)`)
        await admin.end()
      }
      return shadow
    },
  }
}

function migrationList() {
  const lock = path.join(dir, 'migration_lock.toml')
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : []
  return {
    tag: 'migrations',
    baseDir: dir,
    shadowDbInitScript: '',
    lockfile: { path: 'migration_lock.toml', content: existsSync(lock) ? readFileSync(lock, 'utf8') : null },
    migrationDirectories: names.map((n) => {
      const f = path.join(dir, n, 'migration.sql')
      return {
        path: n,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(f) ? { tag: 'ok', value: readFileSync(f, 'utf8') } : { tag: 'error', value: 'missing' },
        },
      }
    }),
  }
}

// Migrations apply in name order, so a new one must sort after every existing one, even one
// stamped ahead of this machine's clock (another developer's, or a hand-written one).
function nextStamp(existing) {
  const iso = (d) => d.toISOString().replace(/\D/g, '').slice(0, 14)
  let at = new Date()
  const last = existing.map((n) => /^(\d{14})_/.exec(n)?.[1]).filter(Boolean).sort().at(-1)
  if (last && iso(at) <= last) {
    const [, y, mo, d, h, mi, sec] = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(last).map(Number)
    at = new Date(Date.UTC(y, mo - 1, d, h, mi, sec + 1))
  }
  return iso(at)
}

const wasm = path.join(path.dirname(createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm')), 'schema_engine_bg.wasm')
const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasm)), { './schema_engine_bg.js': se })
se.__wbg_set_wasm(instance.exports)
instance.exports.__wbindgen_start()
const factory = bindMigrationAwareSqlAdapterFactory(await adapterFactory())
const engine = await se.SchemaEngine.new(
  { datamodels: files.map((f) => [f.path, f.content]) },
  (line) => process.env.DEBUG_SCHEMA_ENGINE && console.error(line),
  factory,
)
const diff = (from, to) => engine.diff({ from, to, script: true, exitCode: true, filters: FILTERS })
const toSchema = { tag: 'schemaDatamodel', files }
const rel = (p) => path.relative(root, p)
let code = 0
try {
  if (cmd === 'create') {
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      path.join(dir, 'migration_lock.toml'),
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n' +
        `provider = "${provider}"\n`,
    )
    const r = await diff(migrationList(), toSchema)
    if (r.exitCode !== 2) console.log(`${provider}: no schema changes, nothing to create.`)
    else {
      const stamp = nextStamp(migrationList().migrationDirectories.map((m) => m.path))
      const d = path.join(dir, `${stamp}_${(name ?? 'migration').replace(/\W/g, '_')}`)
      mkdirSync(d)
      writeFileSync(path.join(d, 'migration.sql'), r.stdout)
      console.log(`Created ${rel(d)}/migration.sql`)
    }
  } else if (cmd === 'check' || cmd === 'dbcheck') {
    const r =
      cmd === 'check'
        ? await diff(migrationList(), toSchema)
        : await diff({ tag: 'schemaDatasource', files, configDir: root }, migrationList())
    if (r.exitCode === 2) process.stdout.write(r.stdout)
    console.error(
      r.exitCode === 2
        ? `DRIFT (${provider}): ${cmd === 'check' ? 'prisma/schema.prisma has changes' : 'the database has changes'} not captured in ${rel(dir)}` +
            (cmd === 'check' ? ` (run: npm run db:migration -- NAME)` : '')
        : `OK (${provider}): no drift`,
    )
    code = r.exitCode
  } else if (cmd === 'sql') {
    process.stdout.write((await diff({ tag: 'empty' }, toSchema)).stdout)
  } else {
    console.error('usage: prisma-offline.mjs create NAME | check | dbcheck | sql  [--provider sqlite|postgresql] [--url URL] [--root DIR]')
    code = 64
  }
} catch (e) {
  const id = /External error id#(\d+)/.exec(e.message)?.[1]
  console.error('schema engine error:', e.message, id ? factory.errorRegistry.consumeError(Number(id)) : '')
  code = 1
} finally {
  engine.free()
}
process.exit(code)
