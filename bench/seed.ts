// Fills the database DATABASE_URL names with a realistic incident history for the benchmarks:
//   npm run bench:seed -- --incidents 1000000 [--services 50] [--users 200] [--active 300]
// Most incidents are resolved (each with created, often acknowledged, and resolved events); a few
// hundred of the newest are still active. Rows go in through the raw driver in big transactions
// with the secondary indexes dropped and rebuilt afterwards; the maintained totals (IncidentCount,
// IncidentBucketCount) and the incident number counter are written to match the data exactly.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { describeTarget, resolveDatabaseUrl, type DatabaseTarget } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { bucketOf } from '@/lib/incidents/buckets'
import { searchText } from '@/lib/incidents/searchText'
import { ACTIVE_STATUSES, STATUSES, type Status } from '@/lib/schemas/enums'

const { values: opt } = parseArgs({
  options: {
    incidents: { type: 'string', default: '1000000' },
    services: { type: 'string', default: '50' },
    users: { type: 'string', default: '200' },
    active: { type: 'string', default: '300' },
    years: { type: 'string', default: '3' },
  },
})
const N = Number(opt.incidents)
const SERVICES = Number(opt.services)
const USERS = Number(opt.users)
const ACTIVE = Math.min(Number(opt.active), N)
const SPAN_MS = Number(opt.years) * 365 * 86_400_000
const BATCH = 20_000

// ---------- data ----------

// A small deterministic generator: the same arguments give the same data (ids aside).
let seed = 0x2f6b1d3
function rand(): number {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 4294967296
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'
let pool = randomBytes(0)
let poolAt = 0
/** lib/ids layout (time-sortable), made in bulk without its per-process monotonic state. */
function id(prefix: string, ms: number): string {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(1 << 16)
    poolAt = 0
  }
  let time = ''
  for (let i = 0, t = ms; i < 10; i++, t = Math.floor(t / 32)) time = ALPHABET[t % 32] + time
  let r = ''
  for (let i = 0; i < 16; i++) r += ALPHABET[pool[poolAt++] & 31]
  return `${prefix}_${time}${r}`
}

const SERVICE_NAMES = [
  'checkout', 'payments', 'search', 'auth', 'billing', 'inventory', 'shipping', 'catalog', 'cart', 'orders',
  'notifications', 'email', 'sms', 'push', 'recommendations', 'reviews', 'pricing', 'tax', 'fraud', 'ledger',
  'reporting', 'analytics', 'etl', 'warehouse', 'cdn', 'gateway', 'edge', 'dns', 'vpn', 'ldap',
  'kafka', 'redis', 'postgres', 'mysql', 'elastic', 'scheduler', 'queue', 'media', 'uploads', 'thumbnails',
  'maps', 'geo', 'chat', 'support', 'wiki', 'ci', 'registry', 'vault', 'metrics', 'logging',
]
const PROBLEMS = [
  'High latency on', 'Error rate above 5% on', 'Disk usage above 90% on', 'Memory pressure on', 'CPU saturation on',
  'Health check failing for', 'Pod crash loop on', 'Certificate expires soon on', 'Replication lag on',
  'Connection pool exhausted on', 'Queue backlog growing on', 'Timeouts talking to', '5xx spike on',
  'Deployment failed on', 'Heartbeat missing from', 'Slow queries on',
]
const REGIONS = ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-south-1']
const FIRST = ['Ada', 'Grace', 'Linus', 'Barbara', 'Ken', 'Margaret', 'Dennis', 'Frances', 'Alan', 'Radia']
const LAST = ['Lovelace', 'Hopper', 'Torvalds', 'Liskov', 'Thompson', 'Hamilton', 'Ritchie', 'Allen', 'Turing', 'Perlman']

const iso = (ms: number) => new Date(ms).toISOString()
// Column values in the text form Prisma's SQLite adapter writes (…+00:00, not …Z), so seeded rows
// and rows the app writes compare alike; PostgreSQL reads either.
const stamp = (ms: number) => iso(ms).replace('Z', '+00:00')

interface Row {
  incident: unknown[]
  events: unknown[][]
  serviceIdx: number
  status: Status
  created: number
}

function makeData(now: number) {
  const services = Array.from({ length: SERVICES }, (_, i) => {
    const base = SERVICE_NAMES[i % SERVICE_NAMES.length]
    const name = i < SERVICE_NAMES.length ? base : `${base}-${Math.floor(i / SERVICE_NAMES.length) + 1}`
    return { id: id('svc', now - SPAN_MS - 86_400_000 + i), name, createdAt: stamp(now - SPAN_MS - 86_400_000) }
  })
  const users = Array.from({ length: USERS }, (_, i) => {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= 100 ? ` ${Math.floor(i / 100) + 1}` : ''}`
    return {
      id: id('usr', now - SPAN_MS - 86_400_000 + i),
      email: `user${i + 1}@example.test`,
      name,
      role: i < 5 ? 'admin' : i < 150 ? 'responder' : 'viewer',
      createdAt: stamp(now - SPAN_MS - 86_400_000),
    }
  })
  return { services, users }
}

/** Incident `i` (0 = oldest) with its timeline; createdAt increases with i. */
function incident(i: number, now: number, services: { id: string; name: string }[], users: { id: string; name: string }[]): Row {
  const step = SPAN_MS / N
  const created = Math.floor(now - SPAN_MS + i * step + rand() * step * 0.9)
  // A few services carry most incidents, as in real life.
  const serviceIdx = Math.min(services.length - 1, Math.floor(services.length * rand() ** 2))
  const service = services[serviceIdx]
  const title = `${pick(PROBLEMS)} ${service.name}-${String(1 + Math.floor(rand() * 40)).padStart(2, '0')} (${pick(REGIONS)})`
  const urgency = rand() < 0.3 ? 'HIGH' : 'LOW'
  const priority = rand() < 0.2 ? null : `P${1 + Math.floor(rand() * 5)}`
  const assignee = rand() < 0.6 ? pick(users) : null
  const incidentId = id('inc', created)
  // The newest ACTIVE incidents are still open; everything older was resolved.
  const activeFrom = N - ACTIVE
  let status: Status = 'RESOLVED'
  let acknowledgedAt: number | null = null
  let resolvedAt: number | null = null
  let snoozedUntil: number | null = null
  if (i >= activeFrom) {
    status = pick(ACTIVE_STATUSES)
    if (status !== 'OPEN') acknowledgedAt = Math.min(now - 1000, created + Math.floor(rand() * 600_000))
    if (status === 'SNOOZED') snoozedUntil = now + 3_600_000 + Math.floor(rand() * 86_400_000)
  } else {
    if (rand() < 0.8) acknowledgedAt = created + Math.floor(rand() * 900_000)
    resolvedAt = (acknowledgedAt ?? created) + 60_000 + Math.floor(rand() * 86_400_000)
  }
  const updated = resolvedAt ?? acknowledgedAt ?? created
  const actor = assignee ?? pick(users)
  const events: unknown[][] = [
    [id('evt', created), incidentId, 'created', stamp(created), 'system', null, 'alertmanager',
      JSON.stringify({ title, status: 'OPEN', urgency, priority, serviceId: service.id, assigneeId: assignee?.id ?? null })],
  ]
  if (acknowledgedAt !== null) {
    events.push([id('evt', acknowledgedAt), incidentId, 'acknowledged', stamp(acknowledgedAt), 'user', actor.id, actor.name,
      JSON.stringify({ from: 'OPEN', to: 'ACKNOWLEDGED' })])
  }
  if (snoozedUntil !== null) {
    events.push([id('evt', acknowledgedAt! + 1), incidentId, 'snoozed', stamp(acknowledgedAt! + 1), 'user', actor.id, actor.name,
      JSON.stringify({ from: 'ACKNOWLEDGED', to: 'SNOOZED', until: iso(snoozedUntil) })])
  }
  if (resolvedAt !== null) {
    events.push([id('evt', resolvedAt), incidentId, 'resolved', stamp(resolvedAt), 'user', actor.id, actor.name,
      JSON.stringify({ from: acknowledgedAt === null ? 'OPEN' : 'ACKNOWLEDGED', to: 'RESOLVED' })])
  }
  const at = (ms: number | null) => (ms === null ? null : stamp(ms))
  return {
    incident: [
      incidentId, i + 1, title, searchText(title), `Alert fired for ${service.name} in production.`,
      status, status !== 'RESOLVED', urgency, priority, service.id, assignee?.id ?? null,
      stamp(created), stamp(updated), at(acknowledgedAt), at(resolvedAt), at(snoozedUntil), events.length,
    ],
    events,
    serviceIdx,
    status,
    created,
  }
}

const INCIDENT_COLUMNS = ['id', 'number', 'title', 'titleSearch', 'description', 'status', 'active', 'urgency', 'priority',
  'serviceId', 'assigneeId', 'createdAt', 'updatedAt', 'acknowledgedAt', 'resolvedAt', 'snoozedUntil', 'version']
const EVENT_COLUMNS = ['id', 'incidentId', 'type', 'at', 'actorType', 'actorId', 'actorName', 'details']

// ---------- writers ----------

interface Writer {
  /** Throws unless the database holds no incidents yet. */
  checkEmpty(): Promise<void>
  begin(): Promise<void>
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>
  commit(): Promise<void>
  /** Drops the secondary indexes of these tables and returns a function that builds them again. */
  dropIndexes(tables: string[]): Promise<() => Promise<void>>
  finish(): Promise<void>
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
  // Index builds sort with helper threads.
  db.pragma('threads = 4')
  const statements = new Map<string, import('better-sqlite3').Statement<unknown[]>>()
  // SQLite stores what Prisma's adapter writes: ISO text for dates, 1/0 for booleans.
  const value = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)
  const ROWS_PER_STATEMENT = 50
  return {
    async checkEmpty() {
      const { n } = db.prepare('SELECT count(*) AS n FROM "Incident"').get() as { n: number }
      if (n) throw new Error(`the database already holds ${n} incidents: seed an empty one`)
    },
    async begin() {
      db.exec('BEGIN')
    },
    async insert(table, columns, rows) {
      const make = (k: number) => {
        const key = `${table}:${k}`
        let st = statements.get(key)
        if (!st) {
          const one = `(${columns.map(() => '?').join(',')})`
          st = db.prepare<unknown[]>(`INSERT INTO ${q(table)} (${columns.map(q).join(',')}) VALUES ${Array(k).fill(one).join(',')}`)
          statements.set(key, st)
        }
        return st
      }
      // One argument array per statement, filled in place: slicing and flattening every batch
      // made a tenth of the load time garbage collection.
      const args: unknown[] = new Array(ROWS_PER_STATEMENT * columns.length)
      let i = 0
      for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
        let k = 0
        for (let r = i; r < i + ROWS_PER_STATEMENT; r++) for (const v of rows[r]) args[k++] = value(v)
        make(ROWS_PER_STATEMENT).run(args)
      }
      for (; i < rows.length; i++) make(1).run(rows[i].map(value))
    },
    async commit() {
      db.exec('COMMIT')
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
      return async () => {
        for (const ix of list) db.exec(ix.sql)
        if (db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'IncidentTitleSearch'`).get()) {
          db.exec(`INSERT INTO "IncidentTitleSearch"(rowid, "titleSearch") SELECT "number", "titleSearch" FROM "Incident"`)
        }
        for (const t of triggers) db.exec(t.sql)
      }
    },
    async finish() {
      // Statistics from a sample of each index (as PRAGMA optimize takes them): a full ANALYZE
      // of 13 indexes over a million rows took 4 s and plans no better here.
      db.pragma('analysis_limit = 1000')
      db.exec('ANALYZE')
      // Merge the title-search index's segments into one.
      const fts = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'IncidentTitleSearch'`).get()
      if (fts) db.exec(`INSERT INTO "IncidentTitleSearch"("IncidentTitleSearch") VALUES ('optimize')`)
      db.pragma('journal_mode = WAL')
      db.close()
    },
  }
}

async function postgresWriter(target: DatabaseTarget): Promise<Writer> {
  const { default: pg } = await import('pg')
  const c = new pg.Client({ connectionString: target.url })
  await c.connect()
  await c.query('SET synchronous_commit = off')
  // Skips the foreign-key triggers, as pg_restore does (needs a superuser; else they just run).
  await c.query('SET session_replication_role = replica').catch(() => console.log('(foreign keys checked row by row: not a superuser)'))
  await c.query(`SET maintenance_work_mem = '512MB'`)
  const types = new Map<string, string[]>()
  async function columnTypes(table: string, columns: string[]) {
    const key = table
    if (!types.has(key)) {
      const r = await c.query(
        `SELECT column_name, format_type(a.atttypid, a.atttypmod) AS t FROM information_schema.columns ic
         JOIN pg_attribute a ON a.attrelid = $1::regclass AND a.attname = ic.column_name
         WHERE ic.table_name = $2`,
        [q(table), table],
      )
      const byName = new Map(r.rows.map((row: { column_name: string; t: string }) => [row.column_name, row.t]))
      types.set(key, columns.map((col) => byName.get(col)!))
    }
    return types.get(key)!
  }
  return {
    async checkEmpty() {
      const r = await c.query('SELECT count(*)::int AS n FROM "Incident"')
      if (r.rows[0].n) throw new Error(`the database already holds ${r.rows[0].n} incidents: seed an empty one`)
    },
    async begin() {
      await c.query('BEGIN')
    },
    // One parameter per column: INSERT … SELECT FROM unnest(array, array, …) takes any row count.
    async insert(table, columns, rows) {
      const t = await columnTypes(table, columns)
      const arrays = columns.map((_, j) => rows.map((r) => r[j]))
      await c.query(
        `INSERT INTO ${q(table)} (${columns.map(q).join(',')}) SELECT * FROM unnest(${t.map((type, j) => `$${j + 1}::${type}[]`).join(',')})`,
        arrays,
      )
    },
    async commit() {
      await c.query('COMMIT')
    },
    async dropIndexes(tables) {
      const r = await c.query(
        `SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() AND tablename = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
        [tables],
      )
      for (const ix of r.rows) await c.query(`DROP INDEX ${q(ix.indexname)}`)
      return async () => {
        for (const ix of r.rows) await c.query(ix.indexdef)
      }
    },
    async finish() {
      // VACUUM sets the visibility map, so deep pages can be answered by index-only scans.
      await c.query('VACUUM ANALYZE')
      await c.end()
    },
  }
}

// ---------- main ----------

async function main() {
  const target = resolveDatabaseUrl()
  const t0 = performance.now()
  const lap = (what: string) => console.log(`${what.padEnd(28)} ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  console.log(`seeding ${describeTarget(target)}: ${N} incidents, ${SERVICES} services, ${USERS} users, ${ACTIVE} active`)
  await migrate(target)
  const w = target.provider === 'postgresql' ? await postgresWriter(target) : await sqliteWriter(target)
  await w.checkEmpty()
  const now = Date.now()
  const { services, users } = makeData(now)
  const rebuild = await w.dropIndexes(['Incident', 'TimelineEvent'])

  await w.begin()
  await w.insert('Service', ['id', 'name', 'createdAt'], services.map((s) => [s.id, s.name, s.createdAt]))
  await w.insert('User', ['id', 'email', 'name', 'role', 'createdAt'], users.map((u) => [u.id, u.email, u.name, u.role, u.createdAt]))
  await w.commit()

  const counts = services.map(() => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>)
  const bucketCounts = new Map<string, number>()
  let events = 0
  for (let start = 0; start < N; start += BATCH) {
    const rows: Row[] = []
    for (let i = start; i < Math.min(N, start + BATCH); i++) rows.push(incident(i, now, services, users))
    await w.begin()
    await w.insert('Incident', INCIDENT_COLUMNS, rows.map((r) => r.incident))
    const ev = rows.flatMap((r) => r.events)
    await w.insert('TimelineEvent', EVENT_COLUMNS, ev)
    await w.commit()
    events += ev.length
    for (const r of rows) {
      counts[r.serviceIdx][r.status]++
      const k = `${r.serviceIdx}/${r.status}/${bucketOf(new Date(r.created))}`
      bucketCounts.set(k, (bucketCounts.get(k) ?? 0) + 1)
    }
    if ((start / BATCH) % 10 === 9) lap(`${start + BATCH} incidents`)
  }
  lap(`${N} incidents, ${events} events`)

  await w.begin()
  await w.insert('IncidentCount', ['serviceId', 'status', 'count'],
    services.flatMap((s, i) => STATUSES.map((st) => [s.id, st, counts[i][st]])))
  await w.insert('IncidentBucketCount', ['serviceId', 'status', 'bucket', 'count'],
    [...bucketCounts].map(([k, n]) => {
      const [i, st, bucket] = k.split('/')
      return [services[Number(i)].id, st, Number(bucket), n]
    }))
  await w.insert('Counter', ['name', 'value'], [['incident', N]])
  await w.commit()

  await rebuild()
  lap('indexes rebuilt')
  await w.finish()
  lap('analyzed, done')
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
