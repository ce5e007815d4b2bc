// The benchmark's limits mode (`npm run bench -- --mode limits`): minutes of mixed traffic at the
// rate limits' edge against the built app on a fresh, empty database. Several keys each read and
// write (creates with an Idempotency-Key, acknowledges) a little faster than their limits allow,
// retrying refused creates with the same key after Retry-After. At the end every answer is
// counted and every acknowledged write is looked for in the database. Fails on any 5xx, network
// error, lost write, duplicate or broken invariant. Loopback only; bounded in time.
import { createApiKey } from '@/lib/auth/apiKeys'
import { createDb } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { createService } from '@/lib/directory/services'
import { startApp, tempDatabaseUrl } from '../tests/support/app'
import { invariantViolations } from '../tests/support/invariants'
import { percentiles } from './percentiles'

export interface LimitsOptions {
  /** The kind of the fresh database: SQLite in a temporary folder, or a new database on the server TEST_POSTGRES_URL names. */
  provider: 'sqlite' | 'postgresql'
  seconds: number
  keys: number
  /** Each key's limits, per minute. */
  reads: number
  writes: number
  /** How far past the limit each key sends: 1.1 is 10 % more than it may. */
  pressure: number
}

type Outcome = '2xx' | '4xx' | '429' | '5xx' | 'network'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs the load, prints its report as one JSON document on stdout, and says whether every check held. */
export async function runLimits({ provider, seconds: SECONDS, keys: KEYS, reads: READS, writes: WRITES, pressure: PRESSURE }: LimitsOptions): Promise<boolean> {
  const counts: Record<string, Record<Outcome, number>> = {}
  const latencies: number[] = []
  const tally = (kind: string, status: number | 'network') => {
    counts[kind] ??= { '2xx': 0, '4xx': 0, '429': 0, '5xx': 0, network: 0 }
    const o: Outcome = status === 'network' ? 'network' : status === 429 ? '429' : status >= 500 ? '5xx' : status >= 400 ? '4xx' : '2xx'
    counts[kind][o]++
  }

  const tmp = await tempDatabaseUrl(provider)
  const app = await startApp({
    databaseUrl: tmp.url,
    env: { RATE_LIMIT_READS_PER_MINUTE: String(READS), RATE_LIMIT_WRITES_PER_MINUTE: String(WRITES), LOG_LEVEL: 'warn' },
  })
  const db = await createDb(resolveDatabaseUrl(tmp.url))
  const service = await createService(db, { name: 'load test' })
  const keys = await Promise.all(
    Array.from({ length: KEYS }, (_, i) => createApiKey(db, { name: `load ${i}`, scopes: ['incidents:read', 'incidents:write'] })),
  )
  const end = Date.now() + SECONDS * 1000
  const createsAnswered = new Map<string, string>() // idempotency key → incident id (201)
  const createsSent = new Set<string>()
  const acksAnswered = new Set<string>() // incident ids whose acknowledge got 200

  async function request(kind: string, key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const started = performance.now()
    try {
      const res = await fetch(app.baseUrl + path, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(30_000),
      })
      const json = (await res.json().catch(() => null)) as Record<string, unknown> | null
      latencies.push(performance.now() - started)
      tally(kind, res.status)
      return { status: res.status, json, retryAfter: Number(res.headers.get('retry-after') ?? 1) }
    } catch {
      tally(kind, 'network')
      return { status: 0, json: null, retryAfter: 1 }
    }
  }

  /** Calls `fn` `perMinute × PRESSURE` times a minute until the end. */
  async function paced(perMinute: number, fn: () => Promise<void>) {
    const interval = 60_000 / (perMinute * PRESSURE)
    let next = Date.now()
    while (Date.now() < end) {
      await fn()
      next += interval
      await sleep(Math.max(0, next - Date.now()))
    }
  }

  const clients = keys.map(({ key }, k) => {
    const mine: string[] = [] // incidents this key created and has not acknowledged yet
    const pending: { idem: string; body: unknown }[] = [] // creates refused with 429: retried
    let seq = 0
    const reads = paced(READS, async () => {
      if (seq % 5 === 0 && createsAnswered.size) {
        const ids = [...createsAnswered.values()]
        await request('read one', key, 'GET', `/api/incidents/${ids[seq % ids.length]}`)
      } else await request('read list', key, 'GET', `/api/incidents?limit=20&status=open,acknowledged`)
      seq++
    })
    let w = 0
    const writes = paced(WRITES, async () => {
      w++
      if (w % 2 === 0 && mine.length) {
        const id = mine.shift()!
        const r = await request('acknowledge', key, 'PATCH', `/api/incidents/${id}`, { status: 'acknowledged' })
        if (r.status === 200) acksAnswered.add(id)
        else mine.push(id)
        return
      }
      const retry = pending.shift()
      const c = retry ?? { idem: `load-${k}-${w}`, body: { title: `load ${k}-${w}`, serviceId: service.id, urgency: w % 3 ? 'high' : 'low' } }
      createsSent.add(c.idem)
      const r = await request(retry ? 'create (retry)' : 'create', key, 'POST', '/api/incidents', c.body, { 'Idempotency-Key': c.idem })
      if (r.status === 201 && r.json?.id) {
        createsAnswered.set(c.idem, String(r.json.id))
        mine.push(String(r.json.id))
      } else if (r.status === 429 || r.status === 409 || r.status === 0) pending.push(c)
    })
    return Promise.all([reads, writes])
  })
  const started = Date.now()
  await Promise.all(clients)
  const elapsed = (Date.now() - started) / 1000
  await app.stop()

  // What the database says, read after the server stopped.
  const rows = await db.read.incident.findMany({ where: { serviceId: service.id }, select: { id: true, title: true, status: true } })
  const byId = new Map(rows.map((r) => [r.id, r]))
  const lostCreates = [...createsAnswered.values()].filter((id) => !byId.has(id)).length
  const lostAcks = [...acksAnswered].filter((id) => byId.get(id)?.status !== 'ACKNOWLEDGED').length
  const duplicates = rows.length - new Set(rows.map((r) => r.title)).size
  const violations = await invariantViolations(db)
  await db.close()
  await tmp.cleanup()

  const pct = percentiles(latencies)
  const ms = (n: number) => (Number.isFinite(n) ? Math.round(n) : 0)
  const total = Object.values(counts).reduce((s, c) => s + c['2xx'] + c['4xx'] + c['429'] + c['5xx'] + c.network, 0)
  const fiveXX = Object.values(counts).reduce((s, c) => s + c['5xx'], 0)
  const network = Object.values(counts).reduce((s, c) => s + c.network, 0)
  const report = {
    provider,
    seconds: Math.round(elapsed),
    keys: KEYS,
    limitsPerKeyPerMinute: { reads: READS, writes: WRITES },
    pressure: PRESSURE,
    requests: total,
    requestsPerSecond: Math.round(total / elapsed),
    latencyMs: { p50: ms(pct.p50), p95: ms(pct.p95), p99: ms(pct.p99), max: ms(latencies.reduce((m, v) => Math.max(m, v), 0)) },
    byKind: counts,
    writes: {
      createsSent: createsSent.size,
      createsAcknowledged: createsAnswered.size,
      incidentsInDb: rows.length,
      acknowledgesAnswered: acksAnswered.size,
      lostCreates,
      lostAcknowledges: lostAcks,
      duplicates,
    },
    invariantViolations: violations.length,
  }
  process.stdout.write(JSON.stringify(report, null, 2) + '\n')
  const ok = fiveXX === 0 && network === 0 && lostCreates === 0 && lostAcks === 0 && duplicates === 0 && violations.length === 0
  if (!ok) process.stderr.write(`limits run FAILED${violations.length ? `:\n${violations.slice(0, 20).join('\n')}` : ''}\n`)
  return ok
}
