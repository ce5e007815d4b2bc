// Reads of incidents: the filtered, paged list and one incident with its timeline.
import type { Db, Prisma } from '@/lib/db/client'
import { notFound } from '@/lib/errors'
import { MAX_ID_LENGTH } from '@/lib/ids'
import type { IncidentList, IncidentWithTimeline, ListQuery } from '@/lib/schemas/incidents'
import { STATUSES, type Status } from '@/lib/schemas/enums'
import { wakeDueSnoozes, wakeIfDue } from './commands'
import { etagOf, incidentSelect, toIncident, toTimelineEvent } from './serialize'
import { isActive } from './transitions'

type Where = Prisma.IncidentWhereInput


/** `q` that is a number ("42" or "#42") also matches that incident's number. */
function numberIn(q: string): number | null {
  const m = /^#?(\d{1,9})$/.exec(q)
  return m ? Number(m[1]) : null
}

export function listWhere(f: ListQuery): Where {
  const and: Where[] = []
  if (f.status) {
    const statuses = [...new Set(f.status)]
    and.push({ status: { in: statuses } })
    // Only active statuses: say so in the column the on-call view's index leads with.
    if (statuses.every(isActive)) and.push({ active: true })
  }
  if (f.serviceId) and.push({ serviceId: { in: [...new Set(f.serviceId)] } })
  if (f.urgency) and.push({ urgency: f.urgency })
  if (f.assigneeId) and.push({ assigneeId: f.assigneeId === 'none' ? null : f.assigneeId })
  if (f.q) {
    const text: Where = { titleSearch: { contains: f.q.toLocaleLowerCase('und') } }
    const n = numberIn(f.q)
    and.push(n === null ? text : { OR: [text, { number: n }] })
  }
  if (f.createdAfter) and.push({ createdAt: { gt: f.createdAfter } })
  if (f.createdBefore) and.push({ createdAt: { lt: f.createdBefore } })
  return and.length ? { AND: and } : {}
}

/** Filters the maintained per-(service, status) totals can answer exactly. */
function countableFromTotals(f: ListQuery) {
  return !f.urgency && !f.assigneeId && !f.q && !f.createdAfter && !f.createdBefore
}

async function total(db: Db, f: ListQuery, where: Where): Promise<number> {
  if (!countableFromTotals(f)) return db.read.incident.count({ where })
  const statuses: Status[] = f.status ? [...new Set(f.status)] : [...STATUSES]
  const agg = await db.read.incidentCount.aggregate({
    _sum: { count: true },
    where: { status: { in: statuses }, ...(f.serviceId ? { serviceId: { in: [...new Set(f.serviceId)] } } : {}) },
  })
  return agg._sum.count ?? 0
}

export async function listIncidents(db: Db, f: ListQuery, now = new Date()): Promise<IncidentList> {
  // Snoozes that ran out since the last sweep are woken before anyone sees them as snoozed.
  const due = await db.read.incident.findFirst({
    where: { status: 'SNOOZED', snoozedUntil: { lte: now } },
    select: { id: true },
  })
  if (due) await wakeDueSnoozes(db, now)

  const where = listWhere(f)
  // The order is total: ties on the sort column are broken by id, in the same direction.
  const orderBy = [{ [f.sort]: f.order }, { id: f.order }] as Prisma.IncidentOrderByWithRelationInput[]
  const [rows, count] = await Promise.all([
    db.read.incident.findMany({ where, orderBy, skip: f.offset, take: f.limit, select: incidentSelect }),
    total(db, f, where),
  ])
  return {
    incidents: rows.map(toIncident),
    total: count,
    limit: f.limit,
    offset: f.offset,
    hasMore: f.offset + rows.length < count,
  }
}

export async function getIncident(db: Db, id: string, now = new Date()): Promise<{ incident: IncidentWithTimeline; etag: string }> {
  if (!id || id.length > MAX_ID_LENGTH) throw notFound('incident')
  const load = () =>
    db.read.incident.findUnique({
      where: { id },
      select: {
        ...incidentSelect,
        timeline: {
          orderBy: [{ at: 'asc' }, { id: 'asc' }],
          select: { id: true, type: true, at: true, actorType: true, actorId: true, actorName: true, details: true },
        },
      },
    })
  let row = await load()
  if (!row) throw notFound('incident')
  if (row.status === 'SNOOZED' && row.snoozedUntil && row.snoozedUntil <= now && (await wakeIfDue(db, id, now))) {
    row = (await load())!
  }
  return {
    incident: { ...toIncident(row), timeline: row.timeline.map(toTimelineEvent) },
    etag: etagOf(row),
  }
}
