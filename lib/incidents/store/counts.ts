// Exact incident totals per (service, status), and per (service, status, time bucket of
// createdAt), kept in step with every write in the writer's own transaction, so list totals are
// sums over a few rows instead of COUNT(*) over millions, and a deep page can skip whole buckets.
import { Prisma, type Tx } from '@/lib/db/client'
import { execute } from '@/lib/db/statements'
import { STATUSES } from '@/lib/schemas/enums'
import { bucketOf } from './buckets'

/** What the counts need to know of an incident (createdAt never changes). */
export interface Counted {
  serviceId: string
  createdAt: Date
}

type Changes = [status: string, delta: number][]

/** The bucket rows of one incident's changes, in one statement (a move is two rows). */
function bucketsSql(incident: Counted, changes: Changes): Prisma.Sql {
  const bucket = bucketOf(incident.createdAt)
  const rows = changes.map(([status, delta]) => Prisma.sql`(${incident.serviceId}, ${status}, ${bucket}, ${delta})`)
  // A bucket row is made by the first incident of its service and status in that bucket.
  return Prisma.sql`INSERT INTO "IncidentBucketCount" ("serviceId", "status", "bucket", "count") VALUES ${Prisma.join(rows)}
      ON CONFLICT ("serviceId", "status", "bucket") DO UPDATE SET "count" = "IncidentBucketCount"."count" + excluded."count"`
}

/** The total rows of one incident's changes, in one statement. */
function totalsSql(serviceId: string, changes: Changes): Prisma.Sql {
  const rows = changes.map(([status, delta]) => Prisma.sql`(${serviceId}, ${status}, ${delta})`)
  // The rows nearly always exist (initCounts), so this is an UPDATE in all but name.
  return Prisma.sql`INSERT INTO "IncidentCount" ("serviceId", "status", "count") VALUES ${Prisma.join(rows)}
      ON CONFLICT ("serviceId", "status") DO UPDATE SET "count" = "IncidentCount"."count" + excluded."count"`
}

/**
 * The statements that apply `changes` to the counts, in the order they must run. Rows are locked
 * in the order they are written: always by status, so that two moves between the same two
 * statuses (OPEN -> ACKNOWLEDGED, ACKNOWLEDGED -> OPEN) cannot wait for each other.
 */
export function countStatements(incident: Counted, changes: Changes): Prisma.Sql[] {
  const ordered = [...changes].sort(([a], [b]) => (a < b ? -1 : 1))
  return [bucketsSql(incident, ordered), totalsSql(incident.serviceId, ordered)]
}

/** Adds `delta` to one status's counts, in a transaction of the caller's. */
export async function adjustCount(tx: Tx, incident: Counted, status: string, delta: number): Promise<void> {
  for (const statement of countStatements(incident, [[status, delta]])) await execute(tx, statement)
}

/** The statements that move an incident from one status's counts to another's. */
export function moveCountStatements(incident: Counted, from: string, to: string): Prisma.Sql[] {
  // The two rows differ (from !== to): an upsert may not touch one row twice.
  return from === to ? [] : countStatements(incident, [[from, -1], [to, 1]])
}

/** Every new service starts with a zero row per status, so later writes only ever update. */
export async function initCounts(tx: Tx, serviceId: string): Promise<void> {
  await tx.incidentCount.createMany({ data: STATUSES.map((status) => ({ serviceId, status, count: 0 })) })
}
