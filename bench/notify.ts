// The notifications benchmark (docs/performance.md, "Notifications out"): a script that prints
// figures, never a test. On a fresh, empty database of the kind --db names (PostgreSQL: the
// server TEST_POSTGRES_URL names), against the BUILT app:
//   1. lag: changes (creates) at --rate per second for --duration seconds, one subscription to a
//      healthy receiver on 127.0.0.1; lag = arrival at the receiver − the change's event time
//      (taken before its commit, so the figure includes the commit);
//   2. the same, while a second subscription's endpoint never answers (every attempt times out);
//   3. throughput: --backlog messages to the healthy receiver (beside a hanging endpoint), once
//      delivered, put back due at one moment: deliveries per second until all arrived again;
//   4. the PATCH's cost of storing its messages, in this process: the same PATCH on incidents of
//      a service with three subscriptions and of one with none, paired and interleaved;
//   5. the same over HTTP against the app: the round trip of each PATCH (the server's time plus a
//      loopback hop), the three subscriptions' messages delivered to the healthy receiver.
//   NEXT_DIST_DIR=.next-bench npx next build && NEXT_DIST_DIR=.next-bench npx tsx bench/notify.ts --db sqlite|postgresql [--rate 200] [--duration 20] [--backlog 5000] [--patches 400]
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { updateIncident, createIncident } from '@/lib/incidents/commands'
import { startApp, tempDatabaseUrl } from '../tests/support/app'
import { makeKey, makeService } from '../tests/support/fixtures'
import { percentiles } from './percentiles'

const { values: opt } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    rate: { type: 'string', default: '200' },
    duration: { type: 'string', default: '20' },
    backlog: { type: 'string', default: '5000' },
    patches: { type: 'string', default: '400' },
    // Which parts to run: 4 alone needs no app server.
    phases: { type: 'string', default: '12345' },
  },
})
if (opt.db !== 'sqlite' && opt.db !== 'postgresql') throw new Error(`--db is sqlite or postgresql, not ${opt.db}`)
const RATE = Number(opt.rate)
const DURATION = Number(opt.duration)
const BACKLOG = Number(opt.backlog)
const PATCHES = Number(opt.patches)
const PHASES = opt.phases

/** The receiver: `/ok` answers 200 at once and records each arrival's lag; `/hang` never answers. */
async function startReceiver() {
  const lags: number[] = []
  let arrivals = 0
  const server = http.createServer((req, res) => {
    if (req.url === '/hang') return
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const at = Date.now()
      arrivals++
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { event: { at: string } } }
      lags.push(at - Date.parse(body.data.event.at))
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  return {
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    lags,
    arrivals: () => arrivals,
    reset: () => void (lags.length = 0),
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((r) => server.close(() => r()))
    },
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

function post(baseUrl: string, key: string, path: string, body: unknown, method = 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${path}`, { method, agent, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end(JSON.stringify(body))
  })
}

/** Creates at `rate` per second for `seconds`, each request fired on its own schedule (open loop). */
async function paced(baseUrl: string, key: string, serviceId: string, rate: number, seconds: number): Promise<{ sent: number; failed: number; achieved: number }> {
  const total = Math.round(rate * seconds)
  const started = performance.now()
  let failed = 0
  const pending: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await sleep(wait)
    pending.push(post(baseUrl, key, '/api/incidents', { title: `bench notify ${i}`, serviceId }).then((s) => void (s === 201 || failed++), () => void failed++))
  }
  await Promise.all(pending)
  return { sent: total, failed, achieved: total / ((performance.now() - started) / 1000) }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) return false
    await sleep(20)
  }
  return true
}

const fmt = (xs: number[]) => {
  const p = percentiles(xs)
  return `p50 ${p.p50.toFixed(0)} ms, p95 ${p.p95.toFixed(0)} ms, p99 ${p.p99.toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms (${xs.length} deliveries)`
}

/** The median lag of each tenth of the arrivals, in arrival order: a lag that grows is a backlog. */
const tenths = (xs: number[]) =>
  Array.from({ length: 10 }, (_, i) => percentiles(xs.slice((i * xs.length) / 10, ((i + 1) * xs.length) / 10)).p50.toFixed(0)).join(' ') + ' ms'

async function subscribe(db: Db, id: string, url: string, serviceId: string, enabled = true) {
  const now = new Date()
  await db.transaction((tx) =>
    tx.webhookSubscription.create({
      data: { id, url, events: ' * ', serviceIds: ` ${serviceId} `, format: 'standard', enabled, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, createdAt: now, updatedAt: now },
    }),
  )
}

async function main() {
  const temp = await tempDatabaseUrl(opt.db as 'sqlite' | 'postgresql')
  if (/[1235]/.test(PHASES)) await deliveries(temp.url)
  // Without the app (part 4 alone) nothing has made the tables yet.
  await migrate(resolveDatabaseUrl(temp.url))
  const db = await createDb(resolveDatabaseUrl(temp.url))
  if (PHASES.includes('4')) await patchCost(db)
  await db.close()
  await temp.cleanup()
}

async function deliveries(databaseUrl: string) {
  const receiver = await startReceiver()
  const app = await startApp({
    databaseUrl,
    env: { RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0', WEBHOOK_ALLOW_PRIVATE: '1', LOG_LEVEL: 'warn' },
    timeout: 120_000,
  })
  const db = await createDb(resolveDatabaseUrl(databaseUrl))
  try {
    const { key } = await makeKey(db)
    console.log(`notify bench on ${opt.db}: ${RATE} changes/s for ${DURATION} s, backlog ${BACKLOG}, ${PATCHES} paired PATCHes`)

    if (PHASES.includes('1')) {
      // 1. Lag, one healthy subscription.
      const s1 = (await makeService(db)).id
      await subscribe(db, 'whk_bench_ok1', receiver.url('/ok'), s1)
      await paced(app.baseUrl, key, s1, 20, 2) // warm-up
      await until(() => receiver.arrivals() >= 40, 30_000)
      receiver.reset()
      const before = receiver.arrivals()
      const r1 = await paced(app.baseUrl, key, s1, RATE, DURATION)
      await until(() => receiver.arrivals() - before >= r1.sent - r1.failed, 60_000)
      console.log(`1. lag, healthy only: ${r1.achieved.toFixed(0)} changes/s achieved (${r1.failed} failed): ${fmt(receiver.lags)}`)
      console.log(`   median lag by tenth of the arrivals: ${tenths(receiver.lags)}`)
    }

    if (PHASES.includes('2')) {
      // 2. Lag while a second subscription's endpoint never answers.
      const s2 = (await makeService(db)).id
      await subscribe(db, 'whk_bench_ok2', receiver.url('/ok'), s2)
      await subscribe(db, 'whk_bench_hang2', receiver.url('/hang'), s2)
      receiver.reset()
      const before2 = receiver.arrivals()
      const r2 = await paced(app.baseUrl, key, s2, RATE, DURATION)
      await until(() => receiver.arrivals() - before2 >= r2.sent - r2.failed, 60_000)
      const firstHalf = receiver.lags.slice(0, receiver.lags.length / 2)
      const secondHalf = receiver.lags.slice(receiver.lags.length / 2)
      console.log(`2. lag, beside an endpoint that never answers: ${r2.achieved.toFixed(0)} changes/s achieved (${r2.failed} failed): ${fmt(receiver.lags)}`)
      console.log(`   first half ${fmt(firstHalf)}; second half ${fmt(secondHalf)}`)
    }

    if (PHASES.includes('3')) {
      // 3. Throughput: a backlog of messages all due at one moment (as after an outage), drained.
      // A paused subscription is sent nothing (its messages are not stored), so the backlog is made
      // of messages already delivered once: put back to pending, due now, in one statement.
      const s3 = (await makeService(db)).id
      await subscribe(db, 'whk_bench_ok3', receiver.url('/ok'), s3)
      await subscribe(db, 'whk_bench_hang3', receiver.url('/hang'), s3)
      const before3a = receiver.arrivals()
      for (let i = 0; i < BACKLOG; i += 32)
        await Promise.all(Array.from({ length: Math.min(32, BACKLOG - i) }, (_, j) => post(app.baseUrl, key, '/api/incidents', { title: `backlog ${i + j}`, serviceId: s3 })))
      await until(() => receiver.arrivals() - before3a >= BACKLOG, 600_000)
      const before3 = receiver.arrivals()
      const t0 = performance.now()
      await db.transaction((tx) =>
        tx.webhookMessage.updateMany({ where: { subscriptionId: 'whk_bench_ok3' }, data: { state: 'pending', nextAttemptAt: new Date(), leaseOwner: null, leaseUntil: null } }),
      )
      const drained = await until(() => receiver.arrivals() - before3 >= BACKLOG, 180_000)
      const seconds = (performance.now() - t0) / 1000
      console.log(`3. throughput beside the hanging endpoint: ${receiver.arrivals() - before3} of ${BACKLOG} in ${seconds.toFixed(1)} s = ${((receiver.arrivals() - before3) / seconds).toFixed(0)} deliveries/s${drained ? '' : ' (NOT drained)'}`)
    }

    if (PHASES.includes('5')) {
      // 5. The PATCH's cost over HTTP, paired and interleaved as in part 4.
      const subscribed = (await makeService(db)).id
      const plain = (await makeService(db)).id
      for (const n of [1, 2, 3]) await subscribe(db, `whk_bench_http${n}`, receiver.url('/ok'), subscribed)
      const make = async (serviceId: string) => {
        const r = await fetch(`${app.baseUrl}/api/incidents`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'patch bench', serviceId, urgency: 'HIGH' }) })
        return ((await r.json()) as { id: string }).id
      }
      await pairedCost('5. PATCH over HTTP (round trip)', 'request', { subscribed, plain }, make, async (id, status) => {
        const code = await post(app.baseUrl, key, `/api/incidents/${id}`, { status }, 'PATCH')
        if (code !== 200) throw new Error(`PATCH answered ${code}`)
      })
    }
  } finally {
    await app.stop()
    await receiver.close()
    await db.close()
  }
}

async function patchCost(db: Db) {
  // 4. The PATCH's cost of its messages, in this process (no worker: messages just stored).
  const actor = { type: 'system' as const, name: 'bench' }
  const subscribed = (await makeService(db)).id
  const plain = (await makeService(db)).id
  for (const n of [1, 2, 3]) await subscribe(db, `whk_bench_patch${n}`, `http://127.0.0.1:9/p${n}`, subscribed)
  const make = async (serviceId: string) => (await createIncident(db, actor, { title: 'patch bench', serviceId, urgency: 'HIGH' })).incident.id
  await pairedCost('4. PATCH (updateIncident, in process)', 'command', { subscribed, plain }, make, async (id, status) => {
    await updateIncident(db, actor, id, { status })
  })
}

/**
 * Times `patch` on 20 incidents of a service with three subscriptions and of one with none, paired
 * and alternated so drift in the machine's load falls on both sides alike (40 warm-up rounds, then
 * PATCHES; each round of 20 acknowledges or reopens them all), and prints what storing the 3
 * messages added.
 */
async function pairedCost(
  label: string,
  of: string,
  services: { subscribed: string; plain: string },
  make: (serviceId: string) => Promise<string>,
  patch: (id: string, status: 'ACKNOWLEDGED' | 'OPEN') => Promise<void>,
) {
  const ids = { subscribed: [] as string[], plain: [] as string[] }
  for (let i = 0; i < 20; i++) {
    ids.subscribed.push(await make(services.subscribed))
    ids.plain.push(await make(services.plain))
  }
  const times = { subscribed: [] as number[], plain: [] as number[] }
  for (let i = 0; i < PATCHES + 40; i++) {
    const order = i % 2 ? (['subscribed', 'plain'] as const) : (['plain', 'subscribed'] as const)
    for (const side of order) {
      const t = performance.now()
      await patch(ids[side][i % 20]!, Math.floor(i / 20) % 2 ? 'OPEN' : 'ACKNOWLEDGED')
      if (i >= 40) times[side].push(performance.now() - t)
    }
  }
  const ps = percentiles(times.subscribed)
  const pp = percentiles(times.plain)
  console.log(`${label}: with 3 subscriptions p50 ${ps.p50.toFixed(2)} ms p95 ${ps.p95.toFixed(2)} ms; without p50 ${pp.p50.toFixed(2)} ms p95 ${pp.p95.toFixed(2)} ms`)
  console.log(`   added by storing 3 messages: p50 ${(ps.p50 - pp.p50).toFixed(2)} ms = ${(((ps.p50 - pp.p50) / pp.p50) * 100).toFixed(1)} % of the ${of}`)
}

await main()
process.exit(0)
