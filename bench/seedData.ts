// The bench data set: services, users, and incident `i` (0 = oldest) with its timeline.
// bench/seedWorker.ts makes it on a thread of its own while bench/seed.ts writes it.
import { randomBytes } from 'node:crypto'
import { searchText } from '@/lib/incidents/store/searchText'
import { ACTIVE_STATUSES, type Status } from '@/lib/schemas/enums'

export interface SeedOptions {
  incidents: number
  services: number
  users: number
  active: number
  spanMs: number
}

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
const ALPHABET_CODES = Buffer.from(ALPHABET, 'latin1')
// Written byte by byte into one buffer and read out as a single string: building it a character at
// a time made a fifth of the generator's time, most of it garbage collection.
const idBytes = Buffer.alloc(64)
/** lib/ids layout (time-sortable), made in bulk without its per-process monotonic state. */
function id(prefix: string, ms: number): string {
  if (poolAt + 16 > pool.length) {
    pool = randomBytes(1 << 16)
    poolAt = 0
  }
  const start = idBytes.write(prefix, 0, 'latin1')
  idBytes[start] = 0x5f // _
  for (let i = 10, t = ms; i >= 1; i--, t = Math.floor(t / 32)) idBytes[start + i] = ALPHABET_CODES[t % 32]
  for (let i = 0; i < 16; i++) idBytes[start + 11 + i] = ALPHABET_CODES[pool[poolAt++] & 31]
  return idBytes.toString('latin1', 0, start + 27)
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
export const stamp = (ms: number) => {
  // iso(ms).replace('Z', '+00:00'), a few times faster: the date part is the same for many stamps
  // in a row, and Date's formatting made a third of the generator's time.
  const day = Math.floor(ms / 86_400_000)
  let date = stampDates.get(day)
  if (date === undefined) stampDates.set(day, (date = iso(day * 86_400_000).slice(0, 11)))
  const t = ms - day * 86_400_000
  const s = Math.floor(t / 1000)
  return `${date}${TWO[Math.floor(s / 3600)]}:${TWO[Math.floor(s / 60) % 60]}:${TWO[s % 60]}.${THREE[t % 1000]}+00:00`
}
const stampDates = new Map<number, string>()
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'))

// Titles repeat (16 problems × 50 services × 40 hosts × 5 regions): each is lower-cased once.
const searchTitles = new Map<string, string>()
function searchTitle(title: string): string {
  let lowered = searchTitles.get(title)
  if (lowered === undefined) searchTitles.set(title, (lowered = searchText(title)))
  return lowered
}

export interface Row {
  incident: unknown[]
  events: unknown[][]
  serviceIdx: number
  status: Status
  created: number
}

export function makeData(o: SeedOptions, now: number) {
  const services = Array.from({ length: o.services }, (_, i) => {
    const base = SERVICE_NAMES[i % SERVICE_NAMES.length]
    const name = i < SERVICE_NAMES.length ? base : `${base}-${Math.floor(i / SERVICE_NAMES.length) + 1}`
    return { id: id('svc', now - o.spanMs - 86_400_000 + i), name, createdAt: stamp(now - o.spanMs - 86_400_000) }
  })
  const users = Array.from({ length: o.users }, (_, i) => {
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i >= 100 ? ` ${Math.floor(i / 100) + 1}` : ''}`
    return {
      id: id('usr', now - o.spanMs - 86_400_000 + i),
      email: `user${i + 1}@example.test`,
      name,
      role: i < 5 ? 'admin' : i < 150 ? 'responder' : 'viewer',
      createdAt: stamp(now - o.spanMs - 86_400_000),
    }
  })
  return { services, users }
}

/** Incident `i` (0 = oldest) with its timeline; createdAt increases with i. */
export function incident(
  o: SeedOptions, i: number, now: number, services: { id: string; name: string }[], users: { id: string; name: string }[],
): Row {
  const step = o.spanMs / o.incidents
  const created = Math.floor(now - o.spanMs + i * step + rand() * step * 0.9)
  // A few services carry most incidents, as in real life.
  const serviceIdx = Math.min(services.length - 1, Math.floor(services.length * rand() ** 2))
  const service = services[serviceIdx]
  const title = `${pick(PROBLEMS)} ${service.name}-${String(1 + Math.floor(rand() * 40)).padStart(2, '0')} (${pick(REGIONS)})`
  const urgency = rand() < 0.3 ? 'HIGH' : 'LOW'
  const priority = rand() < 0.2 ? null : `P${1 + Math.floor(rand() * 5)}`
  const assignee = rand() < 0.6 ? pick(users) : null
  const incidentId = id('inc', created)
  // The newest ACTIVE incidents are still open; everything older was resolved.
  const activeFrom = o.incidents - o.active
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
      incidentId, i + 1, title, searchTitle(title), `Alert fired for ${service.name} in production.`,
      status, status !== 'RESOLVED', urgency, priority, service.id, assignee?.id ?? null,
      stamp(created), stamp(updated), at(acknowledgedAt), at(resolvedAt), at(snoozedUntil), events.length,
    ],
    events,
    serviceIdx,
    status,
    created,
  }
}

/** How bench/seedWorker.ts hands SQLite rows over: values joined by FIELD, NULL as NULL_FIELD. */
export const FIELD = '\x1f'
export const NULL_FIELD = '\x00'

export const INCIDENT_COLUMNS = ['id', 'number', 'title', 'titleSearch', 'description', 'status', 'active', 'urgency', 'priority',
  'serviceId', 'assigneeId', 'createdAt', 'updatedAt', 'acknowledgedAt', 'resolvedAt', 'snoozedUntil', 'version']
export const EVENT_COLUMNS = ['id', 'incidentId', 'type', 'at', 'actorType', 'actorId', 'actorName', 'details']
