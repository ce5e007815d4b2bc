// The escalation sweep under load: 10,000 OPEN, HIGH incidents under escalation among however many
// the database holds (seed a million first: npm run bench:seed -- --incidents 1000000), their
// step 1 falling due evenly over SPREAD_S seconds, swept every second as each server does.
//   DATABASE_URL=… tsx bench/escalation.ts [--escalating 10000] [--spread 30]
// Prints: the sweep's database time (the due query, idle and with steps due), against the same
// query sent bare to the driver (the baseline: what the index range itself costs), the time to fire
// one step, and each step's lateness (its `escalated` event's time minus its due time).
import { parseArgs } from 'node:util'
import { Prisma, getDb } from '@/lib/db/client'
import { describeTarget, resolveDatabaseUrl } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { queryRows } from '@/lib/db/statements'
import { createService } from '@/lib/directory/services'
import { createPolicy, setServicePolicy } from '@/lib/escalation/policies'
import { escalateDue } from '@/lib/escalation/sweep'
import { createIncident } from '@/lib/incidents/commands'
import { dueEscalations } from '@/lib/incidents/escalations'
import { newId } from '@/lib/ids'
import { percentiles } from './percentiles'

const { values: opt } = parseArgs({ options: { escalating: { type: 'string', default: '10000' }, spread: { type: 'string', default: '30' } } })
const ESCALATING = Number(opt.escalating)
const SPREAD_S = Number(opt.spread)
const SWEEP_MS = 1_000

const ms = (n: number) => `${n.toFixed(2)} ms`
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now()
  const r = await fn()
  return [r, performance.now() - t]
}

async function main() {
  const target = resolveDatabaseUrl()
  await migrate(target)
  const db = await getDb()
  const total = await db.read.incident.count()
  console.log(`database: ${describeTarget(target)}, ${total.toLocaleString()} incidents before the run`)

  const system = { type: 'system' as const, name: 'bench' }
  const service = await createService(db, { name: `escalation bench ${Date.now()}` })
  const userId = newId('usr')
  await db.transaction((tx) => tx.user.create({ data: { id: userId, email: `${userId}@bench.test`, name: 'Bench pager', role: 'responder', passwordHash: 'x' } }))

  // Made before the service has its policy, so none is due until the due times are set below.
  const t0 = performance.now()
  const ids: string[] = []
  for (let i = 0; i < ESCALATING; i++) {
    ids.push((await createIncident(db, system, { title: `escalation bench ${i}`, serviceId: service.id, urgency: 'HIGH' })).incident.id)
  }
  console.log(`created ${ESCALATING.toLocaleString()} OPEN HIGH incidents in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  const steps = [1, 2].map(() => ({ targets: [{ type: 'user' as const, id: userId }], escalateAfterMinutes: 60 }))
  const policy = await createPolicy(db, { name: 'bench', steps, repeat: 0 })
  await setServicePolicy(db, service.id, policy.id)

  const bare = Prisma.sql`SELECT "id" FROM "Incident" WHERE "escalationDueAt" <= ${new Date()} ORDER BY "escalationDueAt" LIMIT 100`
  const idle: number[] = []
  const idleBare: number[] = []
  for (let i = 0; i < 200; i++) {
    idle.push((await timed(() => dueEscalations(db, new Date(), 100)))[1])
    idleBare.push((await timed(() => queryRows(db.read, bare)))[1])
  }

  // Step 1 of each falls due at start + k * SPREAD_S / ESCALATING seconds.
  const start = Date.now() + 2_000
  const dueOf = new Map<string, number>()
  const perSecond = Math.ceil(ESCALATING / SPREAD_S)
  for (let s = 0; s < SPREAD_S; s++) {
    const group = ids.slice(s * perSecond, (s + 1) * perSecond)
    const at = start + s * 1_000
    for (const id of group) dueOf.set(id, at)
    await db.transaction((tx) => tx.incident.updateMany({ where: { id: { in: group } }, data: { escalationDueAt: new Date(at) } }))
  }

  const loaded: number[] = []
  const sweeps: { ms: number; fired: number }[] = []
  const deadline = start + SPREAD_S * 1_000 + 5_000
  while (Date.now() < deadline) {
    const tick = Date.now()
    loaded.push((await timed(() => dueEscalations(db, new Date(), 100)))[1])
    const [fired, took] = await timed(() => escalateDue(db))
    sweeps.push({ ms: took, fired })
    await new Promise((r) => setTimeout(r, Math.max(0, SWEEP_MS - (Date.now() - tick))))
  }

  const events = await db.read.timelineEvent.findMany({ where: { incidentId: { in: ids }, type: 'escalated' }, select: { incidentId: true, at: true } })
  const lateness = events.map((e) => (e.at.getTime() - dueOf.get(e.incidentId)!) / 1000)
  const firedTotal = sweeps.reduce((n, s) => n + s.fired, 0)
  const busy = sweeps.filter((s) => s.fired > 0)
  const perStep = busy.reduce((n, s) => n + s.ms, 0) / Math.max(1, firedTotal)

  const p = (xs: number[]) => percentiles(xs)
  const [pi, pb, pl] = [p(idle), p(idleBare), p(loaded)]
  console.log(`\nthe sweep's due query (index range on "escalationDueAt", LIMIT 100), ${(total + ESCALATING).toLocaleString()} incidents:`)
  console.log(`  idle, nothing due:        p50 ${ms(pi.p50)}  p99 ${ms(pi.p99)}   baseline (bare SQL on the driver): p50 ${ms(pb.p50)}  p99 ${ms(pb.p99)}`)
  console.log(`  under load, steps due:    p50 ${ms(pl.p50)}  p99 ${ms(pl.p99)}`)
  console.log(`firing: ${firedTotal.toLocaleString()} steps in ${busy.length} sweeps, ${ms(perStep)} a step (read, decide, compare-and-set write with events and outbox)`)
  const late = p(lateness)
  console.log(`lateness of ${events.length.toLocaleString()} steps (escalated event time minus due time): p50 ${late.p50.toFixed(2)} s  p95 ${late.p95.toFixed(2)} s  p99 ${late.p99.toFixed(2)} s  max ${Math.max(...lateness).toFixed(2)} s`)
  console.log(`duplicates: ${events.length - new Set(events.map((e) => e.incidentId)).size}`)
  await db.close()
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  },
)
