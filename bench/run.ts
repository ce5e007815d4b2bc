// The benchmark: starts the BUILT app and loads it. Two modes (--mode); scripts that print
// figures, never tests. Commands, output and how to read them: docs/performance.md, "Reproduce".
//
// scenarios (the default): on the database DATABASE_URL names (seed it first with
// `npm run bench:seed`), rate limits off. Loads each scenario with autocannon and prints
// p50/p95/p99 latency and req/s, client-side and server-side (the `ms` of the app's request log),
// next to a bare node:http server running the plain SQL on the same database, as a ratio: the
// machine is shared and noisy, the ratio much less so.
// Reads are also measured at a fixed rate (--rate): at full load a closed loop of 8 connections
// only measures its own queue (each request waits for the 7 ahead of it, on 2 cores shared with
// the database and the load generator), not how long a request takes.
// Every run keeps --dashboards live streams open (default 1), as open dashboard tabs would: each
// instance then polls its change marker once a second, and that cost belongs in every figure.
//   NEXT_DIST_DIR=.next-bench npx next build && NEXT_DIST_DIR=.next-bench DATABASE_URL=… npm run bench -- [--duration 10] [--connections 8] [--rate 100] [--soak 60] [--dashboards 1]
//
// limits (bench/limits.ts): on a fresh, empty database, rate limits on, several keys a little
// faster than their limits for minutes; checks that nothing is lost, duplicated or broken.
//   npm run -s bench -- --mode limits [--duration 180] [--keys 4] [--reads 600] [--writes 120] [--pressure 1.1] [--db sqlite|postgresql]
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { createApiKey } from '@/lib/auth/apiKeys'
import { createDb } from '@/lib/db/client'
import { describeTarget, resolveDatabaseUrl } from '@/lib/db/config'
import { ROOT, freePort, startApp } from '../tests/support/app'
import { runLimits } from './limits'
import { loggedMs, percentiles } from './percentiles'
import { resolveBenchIncidents } from './tidy'

const { values: opt } = parseArgs({
  options: {
    mode: { type: 'string', default: 'scenarios' },
    // Seconds per scenario; in limits mode, of the whole run.
    duration: { type: 'string' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '8' },
    rate: { type: 'string', default: '100' },
    soak: { type: 'string', default: '60' },
    dashboards: { type: 'string', default: '1' },
    only: { type: 'string' },
    // limits mode
    keys: { type: 'string', default: '4' },
    reads: { type: 'string', default: '600' },
    writes: { type: 'string', default: '120' },
    pressure: { type: 'string', default: '1.1' },
    db: { type: 'string', default: 'sqlite' },
  },
})
const MODE = opt.mode
if (MODE !== 'scenarios' && MODE !== 'limits') throw new Error(`--mode is scenarios or limits, not ${MODE}`)
if (opt.db !== 'sqlite' && opt.db !== 'postgresql') throw new Error(`--db is sqlite or postgresql, not ${opt.db}`)
const DURATION = Number(opt.duration ?? (MODE === 'limits' ? 180 : 10))
const WARMUP = Number(opt.warmup)
const CONNECTIONS = Number(opt.connections)
/** Requests per second of the fixed-rate run of each read (0: none). */
const RATE = Number(opt.rate)
const SOAK = Number(opt.soak)
const DASHBOARDS = Number(opt.dashboards)

interface Scenario {
  name: string
  method?: 'GET' | 'POST' | 'PATCH'
  /** A fixed path, or one per request. */
  path: string | (() => string)
  body?: () => string
  /** Bounded scenarios (each request changes something once) stop after this many. */
  amount?: number
  /** List scenarios also run against the bare baseline. */
  baseline?: boolean
}

interface Figures {
  requests: number
  rps: number
  p50: number
  p95: number
  p99: number
  failed: number
}

/** Runs one load and measures every response's latency on the client. */
async function load(baseUrl: string, s: Scenario, headers: Record<string, string>, seconds: number): Promise<Figures> {
  const latencies: number[] = []
  const next = () => ({
    method: s.method ?? 'GET',
    path: typeof s.path === 'string' ? s.path : s.path(),
    ...(s.body ? { body: s.body() } : {}),
  })
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    ...(s.amount ? { amount: s.amount } : { duration: seconds }),
    headers: { ...headers, ...(s.body ? { 'content-type': 'application/json' } : {}) },
    requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
    setupClient: (client) => {
      client.on('response', (_status: number, _bytes: number, ms: number) => latencies.push(ms))
    },
  })
  const failed = result.non2xx + result.errors + result.timeouts
  const elapsed = result.duration || seconds
  return { requests: latencies.length, rps: latencies.length / elapsed, failed, ...percentiles(latencies) }
}

/**
 * Sends a read every 1/rate seconds for `seconds`, whether or not the ones before it have been
 * answered (an open loop, as many clients would; autocannon's rate sends each second's requests
 * in one burst). The figures that matter are the server's, from its log.
 */
async function paced(baseUrl: string, s: Scenario, headers: Record<string, string>, seconds: number, rate: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true })
  const one = () =>
    new Promise<void>((resolve) => {
      const path = typeof s.path === 'string' ? s.path : s.path()
      http.get(new URL(path, baseUrl), { agent, headers }, (res) => res.resume().on('end', resolve)).on('error', () => resolve())
    })
  const start = performance.now()
  const pending: Promise<void>[] = []
  for (let i = 0; i < seconds * rate; i++) {
    const wait = start + (i * 1000) / rate - performance.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
    pending.push(one())
  }
  await Promise.all(pending)
  agent.destroy()
}

/** A dashboard tab's live stream (GET /api/incidents/stream), open until the returned function is called. */
function openDashboard(baseUrl: string, headers: Record<string, string>): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${baseUrl}/api/incidents/stream`, { headers }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`the live stream answered ${res.statusCode}`))
      res.resume()
      resolve(() => req.destroy())
    })
    req.on('error', reject)
  })
}

/** Waits until the baseline has answered every request sent to it (GET /idle, bench/baseline.ts). */
async function untilIdle(baseUrl: string): Promise<void> {
  while ((await fetch(`${baseUrl}/idle`)).status !== 200) await new Promise((r) => setTimeout(r, 100))
}

/** Server-side figures: the `ms` field of the request log lines written during a load. */
function serverTimes(log: string): Figures {
  const ms = loggedMs(log)
  return { requests: ms.length, rps: NaN, failed: 0, ...percentiles(ms) }
}

/**
 * Resident memory of a process and its children, in MiB (Linux /proc): all of it, and the
 * anonymous part (heaps). The difference is mostly SQLite's memory-mapped database file — the OS
 * page cache, shared and reclaimable — which grows with the pages a run touches.
 */
function rssMiB(pid: number): { total: number; anon: number } {
  const children = new Map<number, number[]>()
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)])
    } catch {
      // gone meanwhile
    }
  }
  const sum = { total: 0, anon: 0 }
  const walk = (p: number) => {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8')
      const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0)
      sum.total += kib('VmRSS') / 1024
      sum.anon += kib('RssAnon') / 1024
    } catch {
      // gone meanwhile
    }
    for (const c of children.get(p) ?? []) walk(c)
  }
  walk(pid)
  return sum
}

const mib = (r: { total: number; anon: number }) => `${fmt(r.total, 0)} MiB (anonymous ${fmt(r.anon, 0)})`

async function startBaseline(databaseUrl: string): Promise<{ baseUrl: string; child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/baseline.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  const deadline = Date.now() + 20_000
  while (!out.includes('listening')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the baseline did not start:\n${out}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  const exited = new Promise((r) => child.once('exit', r))
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
    },
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—')

async function main() {
  const target = resolveDatabaseUrl()
  const databaseUrl = process.env.DATABASE_URL ?? ''
  const db = await createDb(target)
  const incidents = await db.read.incident.count()
  // Leftovers of an interrupted run would swell the on-call view.
  await resolveBenchIncidents(db)
  if (!incidents) throw new Error(`${describeTarget(target)} holds no incidents: run npm run bench:seed first`)
  const { key } = await createApiKey(db, { name: `bench ${new Date().toISOString()}`, scopes: ['incidents:read', 'incidents:write'] })
  const busiest = await db.read.incidentCount.groupBy({ by: ['serviceId'], _sum: { count: true }, orderBy: { _sum: { count: 'desc' } }, take: 1 })
  const serviceId = busiest[0].serviceId
  const maxNumber = (await db.read.counter.findUnique({ where: { name: 'incident' } }))?.value ?? incidents
  const sample = await db.read.incident.findMany({
    where: { number: { in: Array.from({ length: 1000 }, () => 1 + Math.floor(Math.random() * maxNumber)) } },
    select: { id: true },
  })
  const deepOffset = Math.floor(incidents / 2)
  // The longest range analytics answers: 366 days, today included.
  const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10)
  let seq = 0
  const cycle = <T>(list: T[]) => () => list[seq++ % list.length]
  const oneId = cycle(sample.map((r) => r.id))

  const scenarios: Scenario[] = [
    { name: 'dashboard: active, newest first', path: '/api/incidents?status=OPEN,ACKNOWLEDGED,SNOOZED', baseline: true },
    // No baseline: the bare server knows only the newest-first order.
    { name: 'dashboard: active, triage order', path: '/api/incidents?status=OPEN,ACKNOWLEDGED,SNOOZED&sort=triage' },
    { name: 'one status (RESOLVED)', path: '/api/incidents?status=RESOLVED', baseline: true },
    { name: 'one service', path: `/api/incidents?serviceId=${serviceId}`, baseline: true },
    { name: 'service + status', path: `/api/incidents?serviceId=${serviceId}&status=RESOLVED`, baseline: true },
    { name: 'title search "payments-17"', path: '/api/incidents?q=payments-17', baseline: true },
    { name: `deep page (offset ${deepOffset})`, path: `/api/incidents?offset=${deepOffset}`, baseline: true },
    { name: 'get one (with timeline)', path: () => `/api/incidents/${oneId()}` },
    { name: 'analytics: a year by day', path: `/api/analytics?from=${yearAgo}` },
    { name: 'analytics: a year by week, one service', path: `/api/analytics?from=${yearAgo}&bucket=week&serviceId=${serviceId}` },
    {
      name: 'create',
      method: 'POST',
      baseline: true,
      path: '/api/incidents',
      body: () => JSON.stringify({ title: `Bench incident ${seq++} on checkout-${seq % 40}`, serviceId }),
    },
    // acknowledge is added after create, on the incidents create made
  ].filter((s) => !opt.only || opt.only.split(',').some((w) => s.name.includes(w))) as Scenario[]

  console.log(`${describeTarget(target)}: ${incidents} incidents; ${CONNECTIONS} connections, ${DURATION} s per scenario (+${WARMUP} s warm-up)`)
  const app = await startApp({
    databaseUrl,
    timeout: 120_000,
    env: { LOG_LEVEL: 'info', RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0' },
  })
  const base = await startBaseline(databaseUrl)
  const auth = { authorization: `Bearer ${key}` }
  const rows: { name: string; app: Figures; server: Figures; atRate?: Figures; base?: Figures; baseServer?: Figures }[] = []
  const measure = async (s: Scenario) => {
    if (WARMUP && !s.amount) await load(app.baseUrl, s, auth, WARMUP)
    const mark = app.output().length
    const figures = await load(app.baseUrl, s, auth, DURATION)
    const server = serverTimes(app.output().slice(mark))
    // Before the baseline: its slowest statements (seconds each) run on in the database after its load ends.
    let atRate: Figures | undefined
    if (RATE && !s.amount && (s.method ?? 'GET') === 'GET') {
      const rm = app.output().length
      await paced(app.baseUrl, s, auth, DURATION, RATE)
      atRate = serverTimes(app.output().slice(rm))
    }
    let b: Figures | undefined
    let bs: Figures | undefined
    if (s.baseline) {
      // A write makes as many on the baseline as it did on the app: the bare server creates
      // thousands a second, and each is one more incident for the next scenarios to wade through.
      const write = (s.method ?? 'GET') !== 'GET'
      if (WARMUP) await load(base.baseUrl, write ? { ...s, amount: 500 } : s, {}, WARMUP)
      const bm = base.output().length
      b = await load(base.baseUrl, write ? { ...s, amount: figures.requests } : s, {}, DURATION)
      await untilIdle(base.baseUrl)
      bs = serverTimes(base.output().slice(bm))
    }
    rows.push({ name: s.name, app: figures, server, atRate, base: b, baseServer: bs })
    console.log(
      `  ${s.name}: ${fmt(figures.rps, 0)} req/s, server p95 ${fmt(server.p95)} ms${atRate ? ` (${fmt(atRate.p95)} ms at ${RATE}/s)` : ''}${b ? `, baseline ${fmt(b.rps, 0)} req/s` : ''}`,
    )
  }

  const dashboards = await Promise.all(Array.from({ length: DASHBOARDS }, () => openDashboard(app.baseUrl, auth)))
  console.log(`${DASHBOARDS} dashboard stream(s) open throughout`)
  const rssStart = rssMiB(app.child.pid!)
  try {
    for (const s of scenarios) await measure(s)
    if (!opt.only || opt.only.includes('ack')) {
      const open = await db.read.incident.findMany({
        where: { status: 'OPEN', title: { startsWith: 'Bench incident' } },
        select: { id: true },
        orderBy: { createdAt: 'desc' },
        take: 20_000,
      })
      const ids = open.map((r) => r.id)
      let i = 0
      if (ids.length) {
        await measure({
          name: `acknowledge (${ids.length} distinct)`,
          method: 'PATCH',
          path: () => `/api/incidents/${ids[i++ % ids.length]}`,
          body: () => JSON.stringify({ status: 'ACKNOWLEDGED' }),
          amount: ids.length,
        })
      }
    }
    const rssAfterScenarios = rssMiB(app.child.pid!)

    // A longer mixed run for memory: reads of the on-call view, single incidents and creates.
    type Rss = ReturnType<typeof rssMiB>
    let soak: { seconds: number; before: Rss; after: Rss; max: Rss; samples: Rss[]; requests: number } | undefined
    if (SOAK > 0) {
      const before = rssMiB(app.child.pid!)
      const max = { ...before }
      // Every 30 s a sample for the report, so a slow climb shows as a trend, not only as an end point.
      const samples: Rss[] = [before]
      let tick = 0
      const timer = setInterval(() => {
        const now = rssMiB(app.child.pid!)
        max.total = Math.max(max.total, now.total)
        max.anon = Math.max(max.anon, now.anon)
        if (++tick % 6 === 0) samples.push(now)
      }, 5_000)
      let k = 0
      const mixed: Scenario = {
        name: 'soak',
        method: 'GET',
        path: () => (k++ % 4 === 0 ? `/api/incidents/${oneId()}` : '/api/incidents?status=OPEN,ACKNOWLEDGED,SNOOZED'),
      }
      const f = await load(app.baseUrl, mixed, auth, SOAK)
      clearInterval(timer)
      soak = { seconds: SOAK, before, after: rssMiB(app.child.pid!), max, samples, requests: f.requests }
    }

    // ---------- report ----------
    const head = ['scenario', 'req/s', 'p50', 'p95', 'p99', 'srv p50', 'srv p95', 'srv p99', `@${RATE}/s srv p50`, 'p95', 'p99', 'base req/s', 'base srv p95', 'ratio', 'failed']
    const table = rows.map((r) => [
      r.name,
      fmt(r.app.rps, 0),
      fmt(r.app.p50),
      fmt(r.app.p95),
      fmt(r.app.p99),
      fmt(r.server.p50),
      fmt(r.server.p95),
      fmt(r.server.p99),
      r.atRate ? fmt(r.atRate.p50) : '',
      r.atRate ? fmt(r.atRate.p95) : '',
      r.atRate ? fmt(r.atRate.p99) : '',
      r.base ? fmt(r.base.rps, 0) : '',
      r.baseServer ? fmt(r.baseServer.p95) : '',
      r.base ? `${fmt(r.app.rps / r.base.rps, 2)}×` : '',
      String(r.app.failed + (r.base?.failed ?? 0)),
    ])
    const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)))
    const line = (cells: string[]) => cells.map((c, i) => (i ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ')
    console.log(
      `\n${describeTarget(target)}, ${incidents} incidents — latency in ms (client side, then server side from the request log, at full load and at ${RATE} requests/s)`,
    )
    console.log(line(head))
    for (const row of table) console.log(line(row))
    console.log(`\nRSS of the app: ${mib(rssStart)} at start, ${mib(rssAfterScenarios)} after the scenarios`)
    if (soak) {
      console.log(`soak ${soak.seconds} s (${soak.requests} requests, 3 lists : 1 get): RSS ${mib(soak.before)} → ${mib(soak.after)}, max ${mib(soak.max)}`)
      console.log(`  every 30 s, total/anonymous MiB: ${soak.samples.map((r) => `${fmt(r.total, 0)}/${fmt(r.anon, 0)}`).join(' ')}`)
    }
    const dir = path.join(ROOT, 'bench/results')
    mkdirSync(dir, { recursive: true })
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${target.provider}.json`)
    writeFileSync(file, JSON.stringify({ target: describeTarget(target), incidents, connections: CONNECTIONS, dashboards: DASHBOARDS, rate: RATE, duration: DURATION, rows, rssStart, rssAfterScenarios, soak }, null, 2))
    console.log(`results: ${path.relative(ROOT, file)}`)
  } finally {
    for (const close of dashboards) close()
    await Promise.all([app.stop(), base.stop()])
    const resolved = await resolveBenchIncidents(db)
    if (resolved) console.log(`resolved the ${resolved} incidents this run created (the data set keeps its few hundred active)`)
    await db.close()
  }
}

if (MODE === 'limits') {
  runLimits({ provider: opt.db, seconds: DURATION, keys: Number(opt.keys), reads: Number(opt.reads), writes: Number(opt.writes), pressure: Number(opt.pressure) }).then(
    (ok) => process.exit(ok ? 0 : 1),
    (e) => {
      process.stderr.write(`the limits mode could not run: ${(e as Error).message}\n`)
      process.exit(2)
    },
  )
} else {
  main().catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
