// Makes the bench data set (bench/seedData.ts) on its own thread and hands it to bench/seed.ts one
// batch at a time, as one string per table: every value of every row joined by FIELD for
// SQLite's multi-row statements (NULL as NULL_FIELD), COPY text for PostgreSQL. Making the rows
// takes as long as writing them; on two cores the two overlap. One string, not an array of
// values: copying a batch between threads value by value cost the writer more than inserting it.
import { rmSync } from 'node:fs'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { bucketOf } from '@/lib/incidents/store/buckets'
import { STATUSES, type Status } from '@/lib/schemas/enums'
import { FIELD, incident, makeData, NULL_FIELD, type SeedOptions } from './seedData'

export interface WorkerInput {
  options: SeedOptions
  now: number
  batch: number
  format: 'values' | 'copy'
  /** Int32Array over a SharedArrayBuffer: batches posted and not yet written. */
  inFlight: SharedArrayBuffer
  /** How many batches may wait in the writer's queue (bounds the memory they hold). */
  ahead: number
  /**
   * SQLite: the title-search table's CREATE statement and a scratch file to build it in, on this
   * thread while the writer builds the other indexes; the writer then copies its tables over.
   */
  titleSearch?: { sql: string; file: string }
}

export type WorkerMessage =
  | { type: 'directory'; services: { id: string; name: string; createdAt: string }[]; users: { id: string; email: string; name: string; role: string; createdAt: string }[] }
  | { type: 'batch'; incidents: string; events: string; eventCount: number; last: number }
  | { type: 'done'; counts: Record<Status, number>[]; buckets: [number, Status, number, number][]; events: number }
  | { type: 'titleSearch'; file: string }

const input = workerData as WorkerInput
const { options: o, now } = input
const inFlight = new Int32Array(input.inFlight)

// COPY's text format: \N is NULL; backslash, tab, newline and carriage return are escaped.
const copyValue = (v: unknown): string => {
  if (v === null || v === undefined) return '\\N'
  if (typeof v === 'boolean') return v ? 't' : 'f'
  const s = String(v)
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s
}
const copyLine = (row: unknown[]) => row.map(copyValue).join('\t') + '\n'
// SQLite stores what Prisma's adapter writes: 1/0 for booleans. Numbers arrive as text and are
// stored as integers by the columns' affinity, exactly as bound numbers would be.
const field = (v: unknown): string => {
  if (v === null || v === undefined) return NULL_FIELD
  if (typeof v === 'boolean') return v ? '1' : '0'
  const s = String(v)
  if (s.includes(FIELD) || s.includes(NULL_FIELD)) throw new Error(`a generated value holds a separator: ${JSON.stringify(s)}`)
  return s
}

const { services, users } = makeData(o, now)
parentPort!.postMessage({ type: 'directory', services, users } satisfies WorkerMessage)

const counts = services.map(() => Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>)
const buckets = new Map<string, number>()
let events = 0
// Each incident's titleSearch, by number - 1 (the titles repeat: these are mostly shared strings).
const titles: string[] = []
for (let start = 0; start < o.incidents; start += input.batch) {
  const end = Math.min(o.incidents, start + input.batch)
  let inc: string
  let ev: string
  let eventCount = 0
  if (input.format === 'values') {
    const incValues: string[] = []
    const evValues: string[] = []
    for (let i = start; i < end; i++) {
      const r = incident(o, i, now, services, users)
      for (const v of r.incident) incValues.push(field(v))
      if (input.titleSearch) titles.push(r.incident[3] as string)
      for (const e of r.events) for (const v of e) evValues.push(field(v))
      eventCount += r.events.length
      count(r.serviceIdx, r.status, r.created)
    }
    inc = incValues.join(FIELD)
    ev = evValues.join(FIELD)
  } else {
    let incText = ''
    let evText = ''
    for (let i = start; i < end; i++) {
      const r = incident(o, i, now, services, users)
      incText += copyLine(r.incident)
      for (const e of r.events) evText += copyLine(e)
      eventCount += r.events.length
      count(r.serviceIdx, r.status, r.created)
    }
    inc = incText
    ev = evText
  }
  events += eventCount
  // Wait while the writer has `ahead` batches queued already.
  for (let n = Atomics.load(inFlight, 0); n >= input.ahead; n = Atomics.load(inFlight, 0)) Atomics.wait(inFlight, 0, n)
  Atomics.add(inFlight, 0, 1)
  parentPort!.postMessage({ type: 'batch', incidents: inc, events: ev, eventCount, last: end } satisfies WorkerMessage)
}
parentPort!.postMessage({
  type: 'done',
  counts,
  buckets: [...buckets].map(([k, n]) => {
    const [i, status, bucket] = k.split('/')
    return [Number(i), status as Status, Number(bucket), n]
  }),
  events,
} satisfies WorkerMessage)

if (input.titleSearch) {
  const { sql, file } = input.titleSearch
  rmSync(file, { force: true }) // left by a seed that died
  const db = new Database(file)
  db.pragma('journal_mode = OFF')
  db.pragma('synchronous = OFF')
  db.exec(sql)
  const table = sql.match(/CREATE VIRTUAL TABLE\s+"([^"]+)"/i)?.[1]
  if (!table) throw new Error(`not a title-search table: ${sql}`)
  const insert = db.prepare(`INSERT INTO "${table}"(rowid, "titleSearch") SELECT key + 1 + ?, value FROM json_each(?)`)
  db.transaction(() => {
    for (let at = 0; at < titles.length; at += 100_000) insert.run(at, JSON.stringify(titles.slice(at, at + 100_000)))
  })()
  // Merged into one segment, so a search reads each trigram's entries once, not once per segment.
  db.exec(`INSERT INTO "${table}"("${table}") VALUES ('optimize')`)
  db.close()
  parentPort!.postMessage({ type: 'titleSearch', file } satisfies WorkerMessage)
}

function count(serviceIdx: number, status: Status, created: number) {
  counts[serviceIdx][status]++
  const k = `${serviceIdx}/${status}/${bucketOf(new Date(created))}`
  buckets.set(k, (buckets.get(k) ?? 0) + 1)
}
