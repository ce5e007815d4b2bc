// The alert-storm benchmark (docs/performance.md, "Alert storm"): a script that prints figures,
// never a test. --events PagerDuty Events v2 triggers over --keys dedup keys (every key's first
// event opens its incident, the rest fold into it) from --senders concurrent senders, sent in the
// same run to three servers, each on a fresh, empty database of the kind --db names:
//   - the floor: the BUILT app's constant route (app/api/floor, on with BENCH_FLOOR_ROUTE=1), Next's own request handling;
//   - the app: the BUILT app's POST /api/events with an integration key, the events budget off;
//   - bare: plain node:http calling the same ingestion (bench/stormBare.ts).
// Before the storm, GET /api/health (the simplest route through the wrapper) is measured against
// GET on the floor: 8 connections, alternated, two rounds of 5 s each.
// After it, the app's and the bare server's incidents are checked (exactly --keys on the service, each
// with alertCount --events/--keys) and each is sent --rate events/s for --seconds seconds, every
// request on its own schedule (an open loop), for the latency at a fixed rate: once with the
// storm's mix (one event in ten opens an incident), once with --keys new incidents first.
//   npx next build && nice -n 5 npx tsx bench/storm.ts [--db sqlite|postgresql] [--events 100000] [--keys 1000] [--senders 16] [--rate 500] [--seconds 10] [--pg-port N]
// PostgreSQL: the server TEST_POSTGRES_URL names, or else a throwaway one started here.
// --list-db URL instead: the list at a million rows beside a storm, on that seeded database (it
// gains a service and two keys): the dashboard's list at --list-rate/s (100) for --seconds, alone,
// then while --events events storm into the same server, then beside --rate events/s of the
// storm's mix. The list's latencies are printed client side and server side (its handler time
// from the request log): the gap is time queued for the server's one event loop, which a storm fills.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { createDb } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { startPostgres } from '../scripts/lib/postgres.mjs'
import { ROOT, freePort, startApp, tempDatabaseUrl } from '../tests/support/app'
import { makeIntegration, makeKey, makeService } from '../tests/support/fixtures'
import { loggedMs, percentiles } from './percentiles'

const { values: opt } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    events: { type: 'string', default: '100000' },
    keys: { type: 'string', default: '1000' },
    senders: { type: 'string', default: '16' },
    rate: { type: 'string', default: '500' },
    seconds: { type: 'string', default: '10' },
    'pg-port': { type: 'string' },
    'list-db': { type: 'string' },
    'list-rate': { type: 'string', default: '100' },
  },
})
if (opt.db !== 'sqlite' && opt.db !== 'postgresql') throw new Error(`--db is sqlite or postgresql, not ${opt.db}`)
const PROVIDER = opt.db
const EVENTS = Number(opt.events)
const KEYS = Number(opt.keys)
const SENDERS = Number(opt.senders)
const RATE = Number(opt.rate)
const SECONDS = Number(opt.seconds)
const LIST_RATE = Number(opt['list-rate'])
if (EVENTS % KEYS !== 0) throw new Error('--events must be a multiple of --keys, so every key gets the same alertCount')

// Idle sockets are dropped after 4 s, before any server's own idle timeout: a request sent on a
// socket the server is closing at that moment fails with ECONNRESET, a race of the client's making.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 4000 })
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One request on the shared agent; resolves with the answer's status once its body is read. */
function send(method: 'GET' | 'POST', url: string, key?: string | null, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
    if (key) headers.authorization = `Bearer ${key}`
    const req = http.request(url, { method, agent, headers }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(body)
  })
}
const post = (url: string, key: string | null, body: string) => send('POST', url, key, body)
const get = (url: string, key?: string) => send('GET', url, key)

const trigger = (dedupKey: string, i: number) =>
  JSON.stringify({
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: { summary: `Storm alert ${dedupKey}`, source: 'storm-bench', severity: i % 7 ? 'error' : 'critical', custom_details: { n: i } },
  })

/** Answers per second of GET `url` from `connections` senders, each asking again once answered, for `seconds`. */
async function closedLoop(url: string, seconds: number, connections = 8): Promise<number> {
  let answered = 0
  const until = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const status = await get(url)
        if (status !== 200) throw new Error(`GET ${url}: ${status}`)
        answered++
      }
    }),
  )
  return answered / ((performance.now() - started) / 1000)
}

// Event i carries key i mod KEYS: the first KEYS events open the incidents, the rest repeat them.
const event = (prefix: string, i: number, keys: number) => trigger(`${prefix}-${i % keys}`, i)

/**
 * The storm's mix spread evenly in time: every tenth event opens an incident, the other nine
 * repeat one already open (a fixed pseudo-random pick), so 90 % are repeats at every moment.
 */
const mixed = (prefix: string, i: number) => {
  const opened = Math.floor(i / 10)
  return trigger(`${prefix}-${i % 10 === 0 ? opened : (i * 2654435761) % (opened + 1)}`, i)
}

interface Storm {
  perSecond: number
  seconds: number
  failed: number
  statuses: Map<number, number>
  /** The server process's CPU time per event, ms (NaN without /proc). */
  cpuPerEvent: number
}

/** Linux's clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = 100

/**
 * A process's CPU time so far (user + system, ms) from /proc; NaN where there is none. Per event,
 * it is the figure this machine's run-to-run spread moves least: a server's cost, whatever else
 * the two cores were doing meanwhile.
 */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS
  } catch {
    return NaN
  }
}
/** Every event once, from SENDERS senders each taking the next event as soon as its last is answered; `pid`: the server's, for its CPU time. */
async function storm(url: string, key: string | null, prefix: string, pid?: number): Promise<Storm> {
  const cpuBefore = cpuMs(pid)
  let next = 0
  let failed = 0
  const statuses = new Map<number, number>()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      for (let i = next++; i < EVENTS; i = next++) {
        const status = await post(url, key, event(prefix, i, KEYS)).catch(() => 0)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        if (status !== 202) failed++
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  return { perSecond: EVENTS / seconds, seconds, failed, statuses, cpuPerEvent: (cpuMs(pid) - cpuBefore) / EVENTS }
}

/** `rate` requests/s for SECONDS, each on its own schedule whether or not the last was answered; `want` the status of success. */
async function paced(send: (i: number) => Promise<number>, rate = RATE, want = 202): Promise<{ latencies: number[]; failed: number; achieved: number; why: Map<string, number>; senderLagMs: number }> {
  const total = Math.round(rate * SECONDS)
  const latencies: number[] = []
  // What each failure was: an answer's status, or the error that took its connection.
  const why = new Map<string, number>()
  const fail = (what: string) => {
    why.set(what, (why.get(what) ?? 0) + 1)
  }
  const pending: Promise<void>[] = []
  // This process's own event loop: a latency is measured here, so a pause of the sender's (its
  // garbage collection after a storm, say) reads as the server's unless it is reported beside it.
  const lag = monitorEventLoopDelay({ resolution: 5 })
  lag.enable()
  const started = performance.now()
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait)
    const t = performance.now()
    pending.push(
      send(i).then(
        (s) => {
          latencies.push(performance.now() - t)
          if (s !== want) fail(String(s))
        },
        (e: NodeJS.ErrnoException) => fail(e.code ?? e.message),
      ),
    )
  }
  await Promise.all(pending)
  lag.disable()
  const failed = [...why.values()].reduce((a, b) => a + b, 0)
  return { latencies, failed, why, achieved: total / ((performance.now() - started) / 1000), senderLagMs: lag.max / 1e6 }
}

/** Exactly KEYS incidents on the service, each with alertCount EVENTS / KEYS. */
async function check(databaseUrl: string, serviceId: string): Promise<string> {
  const db = await createDb(resolveDatabaseUrl(databaseUrl))
  try {
    const rows = await db.read.incident.findMany({ where: { serviceId }, select: { dedupKey: true, alertCount: true } })
    const want = EVENTS / KEYS
    const wrong = rows.filter((r) => r.alertCount !== want)
    const keys = new Set(rows.map((r) => r.dedupKey))
    const ok = rows.length === KEYS && keys.size === KEYS && wrong.length === 0
    const sample = wrong.slice(0, 3).map((r) => `${r.dedupKey}: ${r.alertCount}`)
    return `${ok ? 'OK' : 'FAIL'}: ${rows.length} incidents (want ${KEYS}), ${keys.size} distinct keys, ${wrong.length} with alertCount ≠ ${want}${sample.length ? ` (${sample.join(', ')})` : ''}`
  } finally {
    await db.close()
  }
}

/** A service with an integration key on a fresh database of its own, and (paced run) a second one. */
async function prepare(databaseUrl: string) {
  await migrate(resolveDatabaseUrl(databaseUrl))
  const db = await createDb(resolveDatabaseUrl(databaseUrl))
  try {
    const storm = (await makeService(db, 'storm')).id
    const paced = (await makeService(db, 'paced')).id
    const stormKey = await makeIntegration(db, storm)
    const pacedKey = await makeIntegration(db, paced)
    return { storm, paced, stormKey, pacedKey }
  } finally {
    await db.close()
  }
}

async function startBare(databaseUrl: string, actor: { type: 'apiKey'; id: string; name: string }) {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/stormBare.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), ACTOR: JSON.stringify(actor), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const pid = child.pid
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  const deadline = Date.now() + 30_000
  while (!out.includes('listening')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the bare server did not start:\n${out}`)
    await sleep(50)
  }
  const exited = new Promise((r) => child.once('exit', r))
  return {
    pid,
    url: (serviceId: string) => `http://127.0.0.1:${port}/${serviceId}`,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
}

const n0 = (x: number) => Math.round(x).toLocaleString('en')
const tally = <K>(counts: Map<K, number>) => [...counts].map(([k, v]) => `${k}×${v}`).join(' ')
const stormLine = (s: Storm) =>
  `${n0(s.perSecond)} events/s in ${s.seconds.toFixed(1)} s${Number.isNaN(s.cpuPerEvent) ? '' : `, ${s.cpuPerEvent.toFixed(2)} ms of the server's CPU per event`} [${tally(s.statuses)}]`
const latencyLine = (r: Awaited<ReturnType<typeof paced>>) => {
  const p = percentiles(r.latencies)
  return `${n0(r.achieved)}/s achieved, p50 ${p.p50.toFixed(1)} ms, p95 ${p.p95.toFixed(1)} ms, p99 ${p.p99.toFixed(1)} ms, max ${Math.max(...r.latencies).toFixed(1)} ms, ${r.failed} failed${r.failed ? ` (${tally(r.why)})` : ''}; the sender's longest event-loop delay ${r.senderLagMs.toFixed(0)} ms`
}

/**
 * The dashboard's list (the on-call view in triage order, computed afresh) on a seeded database,
 * at LIST_RATE/s for SECONDS alone, then while a storm of EVENTS events runs into the same server,
 * then beside RATE events/s of the storm's mix.
 */
async function listDuringStorm(databaseUrl: string) {
  const db = await createDb(resolveDatabaseUrl(databaseUrl))
  const { integration, reader } = await (async () => {
    try {
      return { integration: await makeIntegration(db, (await makeService(db, `storm beside the list ${Date.now().toString(36)}`)).id), reader: await makeKey(db, ['incidents:read']) }
    } finally {
      await db.close()
    }
  })()
  const app = await startApp({
    databaseUrl,
    // The request log at info: the list's figures are the server's, its handler time.
    env: { READ_CACHE_ENTRIES: '0', RATE_LIMIT_EVENTS_PER_MINUTE: '0', RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0', LOG_LEVEL: 'info' },
    timeout: 120_000,
  })
  try {
    const list = `${app.baseUrl}/api/incidents?status=OPEN,ACKNOWLEDGED,SNOOZED&sort=triage`
    const events = `${app.baseUrl}/api/events`
    const read = () => get(list, reader.key)
    /** The list at LIST_RATE/s: client side, then the server's handler times from the log written meanwhile. */
    const lists = async () => {
      const from = app.output().length
      const r = await paced(read, LIST_RATE, 200)
      const srv = percentiles(loggedMs(app.output().slice(from), '/api/incidents'))
      return `${latencyLine(r)}; server side p50 ${srv.p50.toFixed(1)} ms, p95 ${srv.p95.toFixed(1)} ms, p99 ${srv.p99.toFixed(1)} ms`
    }
    for (let i = 0; i < 200; i++) await read()
    for (let i = 0; i < 50; i++) await post(events, integration.key, event('warm', i, 10))
    console.log(`the list alone at ${LIST_RATE}/s: ${await lists()}`)
    const storming = storm(events, integration.key, 'beside-the-list')
    console.log(`the list during the storm at ${LIST_RATE}/s: ${await lists()}`)
    const s = await storming
    console.log(`the storm beside it: ${stormLine(s)}`)
    const fixed = paced((i) => post(events, integration.key, mixed('beside-the-list-fixed', i)))
    console.log(`the list during ${RATE} events/s (the storm's mix) at ${LIST_RATE}/s: ${await lists()}`)
    console.log(`the events beside it: ${latencyLine(await fixed)}`)
  } finally {
    await app.stop()
  }
}

async function main() {
  let pg: Awaited<ReturnType<typeof startPostgres>> | null = null
  if (PROVIDER === 'postgresql' && !process.env.TEST_POSTGRES_URL) {
    pg = await startPostgres(opt['pg-port'] ? { port: Number(opt['pg-port']) } : {})
    process.env.TEST_POSTGRES_URL = pg.url
  }
  const appDb = await tempDatabaseUrl(PROVIDER)
  const bareDb = await tempDatabaseUrl(PROVIDER)
  try {
    console.log(`alert storm on ${PROVIDER}: ${n0(EVENTS)} events over ${n0(KEYS)} keys from ${SENDERS} senders; then ${RATE} events/s for ${SECONDS} s`)
    const appSetup = await prepare(appDb.url)
    const bareSetup = await prepare(bareDb.url)
    const app = await startApp({
      databaseUrl: appDb.url,
      env: { BENCH_FLOOR_ROUTE: '1', RATE_LIMIT_EVENTS_PER_MINUTE: '0', RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0', LOG_LEVEL: 'warn' },
      timeout: 120_000,
    })
    const bare = await startBare(bareDb.url, { type: 'apiKey', id: bareSetup.stormKey.id, name: bareSetup.stormKey.name })
    try {
      const events = `${app.baseUrl}/api/events`
      const floorUrl = `${app.baseUrl}/api/floor`
      // Warm-up: each route compiled and its connections open; the floor's events go nowhere.
      for (let i = 0; i < 200; i++) await post(floorUrl, null, event('warm', i, 10))
      for (let i = 0; i < 200; i++) await get(floorUrl)
      for (let i = 0; i < 50; i++) await post(events, appSetup.pacedKey.key, event('warm', i, 10))
      for (let i = 0; i < 50; i++) await post(bare.url(bareSetup.paced), null, event('warm', i, 10))

      // The simplest route through the wrapper against the floor, alternated, two rounds.
      for (let i = 0; i < 200; i++) await get(`${app.baseUrl}/api/health`)
      for (let round = 1; round <= 2; round++) {
        const constant = await closedLoop(floorUrl, 5)
        const health = await closedLoop(`${app.baseUrl}/api/health`, 5)
        console.log(`round ${round}: GET /api/floor ${n0(constant)}/s, GET /api/health ${n0(health)}/s: ${(health / constant).toFixed(2)}× the floor`)
      }

      const floor = await storm(floorUrl, null, 'storm', app.child.pid)
      console.log(`floor (constant route): ${stormLine(floor)}`)
      const appRun = await storm(events, appSetup.stormKey.key, 'storm', app.child.pid)
      console.log(`app (POST /api/events): ${stormLine(appRun)}`)
      const bareRun = await storm(bare.url(bareSetup.storm), null, 'storm', bare.pid)
      console.log(`bare (node:http + ingest): ${stormLine(bareRun)}`)
      console.log(`ratios: app/bare ${(appRun.perSecond / bareRun.perSecond).toFixed(2)}×, app/floor ${(appRun.perSecond / floor.perSecond).toFixed(2)}×, bare/floor ${(bareRun.perSecond / floor.perSecond).toFixed(2)}×`)
      console.log(`CPU per event: app ${(appRun.cpuPerEvent / bareRun.cpuPerEvent).toFixed(2)}× bare, app − bare ${(appRun.cpuPerEvent - bareRun.cpuPerEvent).toFixed(2)} ms`)
      console.log(`app incidents: ${await check(appDb.url, appSetup.storm)}`)
      console.log(`bare incidents: ${await check(bareDb.url, bareSetup.storm)}`)

      // Two loads: the storm's mix (one event in ten opens an incident), then KEYS new incidents
      // first (event i carries key i mod KEYS), which makes the first KEYS / RATE seconds all creates.
      const mix = (i: number) => mixed('mix', i)
      const fresh = (i: number) => event('fresh', i, KEYS)
      const toApp = (body: (i: number) => string) => (i: number) => post(events, appSetup.pacedKey.key, body(i))
      const toBare = (body: (i: number) => string) => (i: number) => post(bare.url(bareSetup.paced), null, body(i))
      console.log(`app at a fixed ${RATE}/s, the storm's mix: ${latencyLine(await paced(toApp(mix)))}`)
      console.log(`bare at a fixed ${RATE}/s, the storm's mix: ${latencyLine(await paced(toBare(mix)))}`)
      console.log(`app at a fixed ${RATE}/s, ${n0(KEYS)} new keys first: ${latencyLine(await paced(toApp(fresh)))}`)
      console.log(`bare at a fixed ${RATE}/s, ${n0(KEYS)} new keys first: ${latencyLine(await paced(toBare(fresh)))}`)
    } finally {
      await bare.stop()
      await app.stop()
    }
  } finally {
    await appDb.cleanup()
    await bareDb.cleanup()
    if (pg) await pg.stop()
  }
}

if (opt['list-db']) await listDuringStorm(opt['list-db'])
else await main()
process.exit(0)
