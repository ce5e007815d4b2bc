// The shift computation of a 5-layer schedule over 90 days (target ≤ 20 ms), against a bare
// baseline in the same process: the same number of handoffs stepped in plain UTC milliseconds
// (no zone, no daylight saving) and merged the same way — what the loop costs without Luxon.
//   npx tsx bench/shifts.ts [RUNS]
import { finalSegments, merge, type OnCallUser, type ScheduleSpec, type Segment } from '@/lib/oncall/rules/shifts'
import { percentiles } from './percentiles'

const RUNS = Number(process.argv[2] ?? 200)
const people: OnCallUser[] = Array.from({ length: 8 }, (_, i) => ({ id: `usr_${i}`, name: `Person ${i}`, email: `p${i}@example.com` }))
const start = new Date('2026-01-05T08:00:00Z')
const from = new Date('2026-02-15T00:00:00Z') // the window spans the March and October changes in Berlin
const to = new Date(from.getTime() + 90 * 86_400_000)

const schedule: ScheduleSpec = {
  timeZone: 'Europe/Berlin',
  layers: [
    { start, rotation: 'weekly', handoffTime: '09:00', users: people.slice(0, 5) },
    { start, rotation: 'daily', handoffTime: '09:00', users: people.slice(2, 7) },
    { start, rotation: 'daily', handoffTime: '18:00', users: people.slice(1, 4) },
    { start, rotation: 'hours', lengthHours: 12, handoffTime: '07:00', users: people.slice(3, 8) },
    { start, rotation: 'hours', lengthHours: 8, handoffTime: '06:00', users: people },
  ],
  overrides: Array.from({ length: 10 }, (_, i) => ({ user: people[i % 8], start: new Date(from.getTime() + i * 8 * 86_400_000), end: new Date(from.getTime() + (i * 8 + 1) * 86_400_000) })),
}

/** Handoffs every `stepMs` from `first`, people in turn, merged: the loop without time zones. */
function bare(stepsMs: number[]): Segment[] {
  const all: Segment[][] = stepsMs.map((stepMs, layer) => {
    const out: Segment[] = []
    for (let t = from.getTime(), k = 0; t < to.getTime(); t += stepMs, k++) out.push({ start: new Date(t), end: new Date(Math.min(t + stepMs, to.getTime())), user: people[(k + layer) % 8] })
    return merge(out)
  })
  return all.reduce((a, b) => (a.length > b.length ? a : b))
}

function time(fn: () => unknown): number {
  const t = performance.now()
  fn()
  return performance.now() - t
}

const cold = time(() => finalSegments(schedule, from, to))
const app: number[] = []
const base: number[] = []
const DAY = 86_400_000
for (let i = 0; i < RUNS; i++) {
  app.push(time(() => finalSegments(schedule, from, to)))
  base.push(time(() => bare([7 * DAY, DAY, DAY, 12 * 3_600_000, 8 * 3_600_000])))
}
const shiftCount = finalSegments(schedule, from, to).length
const fmt = (ms: number) => `${ms.toFixed(2)} ms`
const a = percentiles(app)
const b = percentiles(base)
console.log(`shifts of a 5-layer schedule over 90 days (${shiftCount} final stretches, ${RUNS} runs; target ≤ 20 ms)`)
console.log(`  first run (cold: Intl formatters, JIT)  ${fmt(cold)}`)
console.log(`  app       p50 ${fmt(a.p50)}  p95 ${fmt(a.p95)}  p99 ${fmt(a.p99)}`)
console.log(`  baseline  p50 ${fmt(b.p50)}  p95 ${fmt(b.p95)}  p99 ${fmt(b.p99)}`)
