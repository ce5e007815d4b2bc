// Fills the database DATABASE_URL names with a realistic incident history for the benchmarks:
//   npm run bench:seed -- --incidents 1000000 [--services 50] [--users 200] [--active 300]
// Most incidents are resolved (each with created, often acknowledged, and resolved events); a few
// hundred of the newest are still active. A worker thread makes the rows (bench/seedWorker.ts)
// while this one writes them through the raw driver with the secondary indexes dropped, then
// rebuilds them; the maintained totals (IncidentCount, IncidentBucketCount) and the incident
// number counter are written to match the data exactly, the analytics days by their migration's
// backfill.
import { on } from 'node:events'
import { readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { parseArgs } from 'node:util'
import { describeTarget, resolveDatabaseUrl, type DatabaseTarget } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { STATUSES } from '@/lib/schemas/enums'
import { EVENT_COLUMNS, FIELD, INCIDENT_COLUMNS, NULL_FIELD, type SeedOptions } from './seedData'
import type { WorkerInput, WorkerMessage } from './seedWorker'

const { values: opt } = parseArgs({
  options: {
    incidents: { type: 'string', default: '1000000' },
    services: { type: 'string', default: '50' },
    users: { type: 'string', default: '200' },
    active: { type: 'string', default: '300' },
    years: { type: 'string', default: '3' },
  },
})
const options: SeedOptions = {
  incidents: Number(opt.incidents),
  services: Number(opt.services),
  users: Number(opt.users),
  active: Math.min(Number(opt.active), Number(opt.incidents)),
  spanMs: Number(opt.years) * 365 * 86_400_000,
}
const BATCH = 20_000

type Batch = Extract<WorkerMessage, { type: 'batch' }>

interface Writer {
  format: WorkerInput['format']
  /** Throws unless the database holds no incidents yet. */
  checkEmpty(): Promise<void>
  /** A few rows in one transaction (services, users, the totals). */
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>
  /** One batch of incidents and their timeline events, as the worker made it for this writer. */
  write(batch: Batch): Promise<void>
  /**
   * Drops the secondary indexes of these tables; `rebuild` builds them again. SQLite: with the
   * title-search table to have the worker build in a scratch file (`titleSearch`), whose path
   * `built` yields once it is done.
   */
  dropIndexes(tables: string[]): Promise<Rebuild>
  /** One statement of SQL text. */
  exec(sql: string): Promise<void>
  finish(): Promise<void>
}

interface Rebuild {
  titleSearch?: WorkerInput['titleSearch']
  rebuild(built: Promise<string | undefined>): Promise<void>
}

const q = (name: string) => `"${name}"`

async function sqliteWriter(target: DatabaseTarget): Promise<Writer> {
  const { default: Database } = await import('better-sqlite3')
  const db = new Database(target.url)
  // The generated rows are consistent by construction: checking every foreign key row by row
  // would double the load time.
  db.pragma('foreign_keys = OFF')
  // A seed that dies leaves a database to delete anyway: no journal while loading (each page is
  // written once, not to the WAL and then again), and back to WAL at the end.
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  db.pragma('cache_size = -262144')
  db.pragma('temp_store = MEMORY')
  const statements = new Map<string, import('better-sqlite3').Statement<unknown[]>>()
  const ROWS_PER_STATEMENT = 50
  const statement = (table: string, columns: string[], rows: number) => {
    const key = `${table}:${rows}`
    let st = statements.get(key)
    if (!st) {
      const one = `(${columns.map(() => '?').join(',')})`
      st = db.prepare<unknown[]>(`INSERT INTO ${q(table)} (${columns.map(q).join(',')}) VALUES ${Array(rows).fill(one).join(',')}`)
      statements.set(key, st)
    }
    return st
  }
  /** `values` holds whole rows of `columns`, one after another. */
  const insertValues = (table: string, columns: string[], values: unknown[]) => {
    const width = columns.length
    if (values.length % width) throw new Error(`${table}: ${values.length} values do not make rows of ${width}`)
    const rows = values.length / width
    // One argument array per statement, filled in place: slicing every batch made a tenth of the
    // load time garbage collection.
    const args: unknown[] = new Array(ROWS_PER_STATEMENT * width)
    const many = statement(table, columns, ROWS_PER_STATEMENT)
    let r = 0
    for (; r + ROWS_PER_STATEMENT <= rows; r += ROWS_PER_STATEMENT) {
      for (let k = 0, at = r * width; k < args.length; k++) args[k] = values[at + k] === NULL_FIELD ? null : values[at + k]
      many.run(args)
    }
    const one = statement(table, columns, 1)
    for (; r < rows; r++) one.run(values.slice(r * width, (r + 1) * width).map((v) => (v === NULL_FIELD ? null : v)))
  }
  return {
    format: 'values',
    async checkEmpty() {
      const { n } = db.prepare('SELECT count(*) AS n FROM "Incident"').get() as { n: number }
      if (n) throw new Error(`the database already holds ${n} incidents: seed an empty one`)
    },
    async insert(table, columns, rows) {
      db.transaction(() => insertValues(table, columns, rows.flat()))()
    },
    async exec(sql) {
      db.exec(sql)
    },
    async write(batch) {
      db.transaction(() => {
        insertValues('Incident', INCIDENT_COLUMNS, batch.incidents.split(FIELD))
        insertValues('TimelineEvent', EVENT_COLUMNS, batch.events.split(FIELD))
      })()
    },
    async dropIndexes(tables) {
      const list = db
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(',')})`)
        .all(...tables) as { name: string; sql: string }[]
      // The title-search triggers too: the index is filled once at the end, not a row at a time.
      const triggers = db
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${tables.map(() => '?').join(',')})`)
        .all(...tables) as { name: string; sql: string }[]
      for (const ix of list) db.exec(`DROP INDEX ${q(ix.name)}`)
      for (const t of triggers) db.exec(`DROP TRIGGER ${q(t.name)}`)
      const fts = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'IncidentTitleSearch'`).get() as { sql: string } | undefined
      return {
        titleSearch: fts && { sql: fts.sql, file: `${target.url}.seed-title-search` },
        async rebuild(built) {
          // Index builds sort with helper threads.
          db.pragma('threads = 4')
          for (const ix of list) db.exec(ix.sql)
          // The title index, built by the worker meanwhile: FTS5 keeps it in ordinary tables,
          // copied here whole. Filling it here took 6 s, merging its segments 1.5 s more.
          const file = await built
          if (file) {
            db.prepare('ATTACH ? AS seed_title_search').run(file)
            const shadow = db.prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name GLOB 'IncidentTitleSearch_*'`).pluck().all() as string[]
            // Defensive mode (better-sqlite3's default) forbids writing an FTS5 table's own tables.
            db.unsafeMode(true)
            db.transaction(() => {
              for (const name of shadow) {
                db.exec(`DELETE FROM main.${q(name)}`)
                db.exec(`INSERT INTO main.${q(name)} SELECT * FROM seed_title_search.${q(name)}`)
              }
            })()
            db.unsafeMode(false)
            db.exec('DETACH seed_title_search')
            rmSync(file)
          }
          for (const t of triggers) db.exec(t.sql)
        },
      }
    },
    async finish() {
      // Statistics from a sample of each index: a full ANALYZE of 13 indexes over a million rows
      // takes 5 s. PRAGMA optimize's 1,000 entries were too few: the first thousand of the
      // (serviceId, …) index all name one service, SQLite took a service for 1,000 incidents,
      // not 20,000, and the bare baseline's search walked every service's incidents (4.7 s a
      // page, not 14 ms). 10,000 entries: 0.5 s, and the plans a full ANALYZE gives.
      db.pragma('analysis_limit = 10000')
      db.exec('ANALYZE')
      db.pragma('journal_mode = WAL')
      db.close()
    },
  }
}

async function postgresWriter(target: DatabaseTarget): Promise<Writer> {
  const { default: pg } = await import('pg')
  const { from: copyFrom } = await import('pg-copy-streams')
  const connect = async () => {
    const c = new pg.Client({ connectionString: target.url })
    await c.connect()
    await c.query('SET synchronous_commit = off')
    await c.query(`SET maintenance_work_mem = '512MB'`)
    return c
  }
  // Two connections: incidents and timeline events are copied side by side, and the indexes
  // built two at a time — the server parses and sorts on both cores.
  const a = await connect()
  const b = await connect()
  // Skips the foreign-key triggers, as pg_restore does (needs a superuser). Without it the events
  // must follow their incidents on the one connection, or their checks would not see them.
  let replica = true
  for (const c of [a, b]) {
    await c.query('SET session_replication_role = replica').catch(() => {
      replica = false
    })
  }
  if (!replica) console.log('(foreign keys checked row by row: not a superuser)')
  const copy = (c: InstanceType<typeof pg.Client>, table: string, columns: string[], text: string) =>
    new Promise<void>((resolve, reject) => {
      const stream = c.query(copyFrom(`COPY ${q(table)} (${columns.map(q).join(',')}) FROM STDIN`))
      stream.on('error', reject)
      stream.on('finish', resolve)
      stream.end(text)
    })
  return {
    format: 'copy',
    async checkEmpty() {
      const r = await a.query('SELECT count(*)::int AS n FROM "Incident"')
      if (r.rows[0].n) throw new Error(`the database already holds ${r.rows[0].n} incidents: seed an empty one`)
    },
    async insert(table, columns, rows) {
      const params: unknown[] = []
      const tuples = rows.map((row) => `(${row.map((v) => `$${params.push(v)}`).join(',')})`)
      await a.query(`INSERT INTO ${q(table)} (${columns.map(q).join(',')}) VALUES ${tuples.join(',')}`, params)
    },
    async exec(sql) {
      await a.query(sql)
    },
    async write(batch) {
      const incidents = copy(a, 'Incident', INCIDENT_COLUMNS, batch.incidents)
      if (!replica) await incidents
      await Promise.all([incidents, copy(replica ? b : a, 'TimelineEvent', EVENT_COLUMNS, batch.events)])
    },
    async dropIndexes(tables) {
      const r = await a.query(
        `SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() AND tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
        [tables],
      )
      const list = r.rows as { indexname: string; indexdef: string }[]
      for (const ix of list) await a.query(`DROP INDEX ${q(ix.indexname)}`)
      const rebuild = async () => {
        // Two builds at a time, one per connection. The title's trigram index, the longest,
        // goes first, so the others share out around it on the other connection. Parallel
        // build workers stay as the server has them: they took a second off, filling in when
        // one connection runs out of indexes.
        const gin = (ix: { indexdef: string }) => Number(/ USING gin /i.test(ix.indexdef))
        const queue = [...list].sort((x, y) => gin(y) - gin(x))
        const build = async (c: InstanceType<typeof pg.Client>) => {
          for (let ix = queue.shift(); ix; ix = queue.shift()) await c.query(ix.indexdef)
        }
        await Promise.all([build(a), build(b)])
      }
      return { rebuild }
    },
    async finish() {
      // VACUUM sets the visibility map, so deep pages can be answered by index-only scans.
      await Promise.all([a.query('VACUUM ANALYZE "Incident"'), b.query('VACUUM ANALYZE "TimelineEvent"')])
      await a.query('VACUUM ANALYZE')
      await Promise.all([a.end(), b.end()])
    },
  }
}

/** The INSERT … SELECT that fills IncidentDailyStat, read from its migration (its one home). */
function dailyStatsBackfill(provider: DatabaseTarget['provider']): string {
  const file = new URL(`../prisma/migrations/${provider}/20261206095013_incident_daily_stats/migration.sql`, import.meta.url)
  const text = readFileSync(file, 'utf8')
  return text.slice(text.indexOf('INSERT INTO "IncidentDailyStat"'))
}

// ---------- main ----------

async function main() {
  const target = resolveDatabaseUrl()
  const t0 = performance.now()
  const lap = (what: string) => console.log(`${what.padEnd(28)} ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const N = options.incidents
  console.log(`seeding ${describeTarget(target)}: ${N} incidents, ${options.services} services, ${options.users} users, ${options.active} active`)
  await migrate(target)
  const w = target.provider === 'postgresql' ? await postgresWriter(target) : await sqliteWriter(target)
  await w.checkEmpty()
  const indexes = await w.dropIndexes(['Incident', 'TimelineEvent'])

  const inFlight = new SharedArrayBuffer(4)
  const workerData: WorkerInput = {
    options, now: Date.now(), batch: BATCH, format: w.format, inFlight, ahead: 3, titleSearch: indexes.titleSearch,
  }
  // tsx's loader hooks do not reach a worker thread (Node 20): the worker loads its TypeScript
  // through tsx's require API instead.
  const file = fileURLToPath(new URL('./seedWorker.ts', import.meta.url))
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api')
  const worker = new Worker(`require(${JSON.stringify(tsx)}).require(${JSON.stringify(file)}, ${JSON.stringify(file)})`, {
    eval: true,
    workerData,
    // A young generation big enough for a whole batch: with the default, most batches
    // outlived it and garbage collection took a third of the worker's time.
    resourceLimits: { maxYoungGenerationSizeMb: 256 },
  })
  const titleSearchBuilt = new Promise<string | undefined>((resolve, reject) => {
    if (!indexes.titleSearch) resolve(undefined)
    worker.on('message', (m: WorkerMessage) => m.type === 'titleSearch' && resolve(m.file))
    worker.on('error', reject)
    worker.on('exit', () => reject(new Error('the data worker stopped before it built the title index')))
  })
  titleSearchBuilt.catch(() => {}) // a worker that fails mid-way fails the loop below first
  let finished: Extract<WorkerMessage, { type: 'done' }> | undefined
  let services: Extract<WorkerMessage, { type: 'directory' }>['services'] = []
  for await (const [message] of on(worker, 'message')) {
    const m = message as WorkerMessage
    if (m.type === 'directory') {
      services = m.services
      await w.insert('Service', ['id', 'name', 'createdAt'], m.services.map((s) => [s.id, s.name, s.createdAt]))
      await w.insert('User', ['id', 'email', 'name', 'role', 'createdAt'], m.users.map((u) => [u.id, u.email, u.name, u.role, u.createdAt]))
    } else if (m.type === 'batch') {
      await w.write(m)
      const slots = new Int32Array(inFlight)
      Atomics.sub(slots, 0, 1)
      Atomics.notify(slots, 0)
      if ((m.last / BATCH) % 10 === 0) lap(`${m.last} incidents`)
    } else if (m.type === 'done') {
      finished = m
      break
    }
  }
  if (!finished) throw new Error('the data worker stopped before it finished')
  const done = finished
  lap(`${N} incidents, ${done.events} events`)

  await w.insert('IncidentCount', ['serviceId', 'status', 'count'],
    services.flatMap((s, i) => STATUSES.map((st) => [s.id, st, done.counts[i][st]])))
  await w.insert('IncidentBucketCount', ['serviceId', 'status', 'bucket', 'count'],
    done.buckets.map(([i, status, bucket, n]) => [services[i].id, status, bucket, n]))
  await w.insert('Counter', ['name', 'value'], [['incident', N]])

  await indexes.rebuild(titleSearchBuilt)
  await worker.terminate()
  lap('indexes rebuilt')
  // The analytics aggregate, by the backfill of the migration that made its table: the same
  // statement an upgrade runs, so this lap is what that migration costs at this size.
  await w.exec(dailyStatsBackfill(target.provider))
  lap('analytics days backfilled')
  await w.finish()
  lap('analyzed, done')
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
