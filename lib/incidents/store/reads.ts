// Every read of incidents: one incident (to change it, or with its timeline to show it), a page of
// the list, the counts per status, and the snoozes that have run out.
import { Prisma, type Db, type PrismaDb, type Tx } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import type { ListQuery } from '@/lib/schemas/incidents'
import type { EventRow, IncidentRow } from '../rules/serialize'
import { ESCALATION_COLUMNS, type EscalationColumns } from './escalation'
import { bucketSumsSql, metaSql, pageSql, pageStart, startsAtBucket, statusCountsSql, statusTotalsSql, type ListRow, type PageRow } from './list'
import { incidentSelect, rowByIdSql, rowColumns, rowJoins, toRow, type FlatRow } from './row'
import { toState, type ReadState } from './state'
import { estimateTrigrams } from './titleTrigrams'

/** Where a read runs: the shared connections, or a transaction's. */
export type Reader = PrismaDb | Tx

export async function findRow(reader: Reader, id: string): Promise<IncidentRow | null> {
  const [row] = await queryRows<FlatRow>(reader, rowByIdSql(id))
  return row ? toRow(row) : null
}

/** A user by id, as an incident would show them as its assignee. */
export async function findUser(reader: Reader, id: string): Promise<{ id: string; name: string; email: string; disabledAt: Date | null } | null> {
  return reader.user.findUnique({ where: { id }, select: { id: true, name: true, email: true, disabledAt: true } })
}

/** Timeline events by id, each with its incident as it stands: one statement for any number. */
export async function findEventsWithIncidents(db: Db, eventIds: readonly string[]): Promise<(IncidentRow & { event: EventRow })[]> {
  if (!eventIds.length) return []
  const rows = await queryRows<FlatRow & { eventId: string; eventType: string; eventAt: Date; eventActorType: string; eventActorId: string | null; eventActorName: string; eventDetails: string }>(
    db.read,
    Prisma.sql`SELECT ${rowColumns}, e."id" AS "eventId", e."type" AS "eventType", e."at" AS "eventAt", e."actorType" AS "eventActorType",
      e."actorId" AS "eventActorId", e."actorName" AS "eventActorName", e."details" AS "eventDetails"
    FROM "TimelineEvent" e JOIN "Incident" i ON i."id" = e."incidentId" ${rowJoins}
    WHERE e."id" IN (${Prisma.join(eventIds)})`,
  )
  return rows.map((r) => ({
    ...toRow(r),
    event: { id: r.eventId, type: r.eventType, at: r.eventAt, actorType: r.eventActorType, actorId: r.eventActorId, actorName: r.eventActorName, details: r.eventDetails },
  }))
}

export async function findWithTimeline(db: Db, id: string): Promise<(IncidentRow & EscalationColumns & { timeline: EventRow[] }) | null> {
  return db.read.incident.findUnique({
    where: { id },
    select: {
      ...incidentSelect,
      ...ESCALATION_COLUMNS,
      timeline: {
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
        select: { id: true, type: true, at: true, actorType: true, actorId: true, actorName: true, details: true },
      },
    },
  })
}

/**
 * One page of the list, its exact total and the read state it was computed from. Totals come
 * from the counts maintained with every write when the filters allow it, from a window over the
 * matches for a search, and from COUNT(*) otherwise, all in the page's own statement. A deep page
 * sorted by createdAt starts at the bucket that holds its offset (the maintained per-bucket counts
 * say which), so it walks one bucket's index entries, not `offset` of them.
 */
export async function readPage(db: Db, f: ListQuery, now: Date): Promise<{ rows: IncidentRow[]; total: number; state: ReadState }> {
  if (f.q) await estimateTrigrams(db)
  const start = startsAtBucket(f) ? pageStart(f, await queryRows<Parameters<typeof pageStart>[1][number]>(db.read, bucketSumsSql(f))) : null
  const rows = await queryRows<PageRow>(db.read, pageSql(db.provider, f, now, start))
  // A page past the end has no row to carry the total and the state.
  const meta: ListRow = rows[0] ?? (await queryRows<ListRow>(db.read, metaSql(db.provider, f, now)))[0]
  return { rows: rows.map(toRow), total: Number(meta.total), state: toState(meta) }
}

export type CountFilters = Pick<ListQuery, 'serviceId' | 'urgency' | 'assigneeId' | 'q' | 'dedupKey'>

/** Incidents per status under the list's filters (status aside), as [status, count] pairs. */
export async function countPerStatus(db: Db, f: CountFilters): Promise<[status: string, count: number][]> {
  if (!f.urgency && !f.assigneeId && !f.q && f.dedupKey === undefined) {
    // The maintained per-(service, status) totals answer this exactly without scanning incidents.
    const rows = await queryRows<{ status: string; n: bigint | number | string | null }>(db.read, statusTotalsSql(f))
    return rows.map((r) => [r.status, Number(r.n ?? 0)])
  }
  // The list's own filter SQL, so the counts can never disagree with the list they sit beside.
  const query: ListQuery = { ...f, limit: 1, offset: 0, sort: 'createdAt', order: 'desc' }
  if (f.q) await estimateTrigrams(db)
  const rows = await queryRows<{ status: string; n: bigint | number }>(db.read, statusCountsSql(db.provider, query))
  return rows.map((r) => [r.status, Number(r.n)])
}

/** Up to `batch` incidents whose snooze has run out by `now`, the longest overdue first. */
export async function dueSnoozes(db: Db, now: Date, batch: number): Promise<string[]> {
  const due = await db.read.incident.findMany({
    where: { status: 'SNOOZED', snoozedUntil: { lte: now } },
    select: { id: true },
    orderBy: { snoozedUntil: 'asc' },
    take: batch,
  })
  return due.map((d) => d.id)
}
