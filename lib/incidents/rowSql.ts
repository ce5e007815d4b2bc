// One incident row in plain SQL: the columns an IncidentRow is made of, its service and assignee
// joined and flattened, and the mapping back. The list's page reads its rows with these, and the
// commands read the incident they change with them, on the driver rather than through Prisma's
// client (docs/performance.md, "Plain statements on the driver").
import { Prisma } from '@/lib/db/client'
import type { IncidentRow } from './serialize'

const { sql } = Prisma

/** The select list of a row: "Incident" as i, "Service" as s, "User" as u (see rowJoins). */
export const rowColumns = sql`i."id", i."number", i."title", i."description", i."status", i."urgency", i."priority",
  i."createdAt", i."updatedAt", i."acknowledgedAt", i."resolvedAt", i."snoozedUntil", i."version",
  i."serviceId", i."assigneeId", s."name" AS "serviceName", u."name" AS "assigneeName", u."email" AS "assigneeEmail"`

export const rowJoins = sql`JOIN "Service" s ON s."id" = i."serviceId" LEFT JOIN "User" u ON u."id" = i."assigneeId"`

/** What the driver hands back for rowColumns. */
export type FlatRow = Omit<IncidentRow, 'service' | 'assignee'> & {
  serviceName: string
  assigneeName: string | null
  assigneeEmail: string | null
}

// Built field by field: a rest/spread copy of the driver's row cost more than the query's own
// marshalling at 50 rows a page (docs/performance.md, "The list's own overhead").
export function toRow(r: FlatRow): IncidentRow {
  return {
    id: r.id,
    // Raw drivers may hand integers back as bigint.
    number: Number(r.number),
    title: r.title,
    description: r.description,
    status: r.status,
    urgency: r.urgency,
    priority: r.priority,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    acknowledgedAt: r.acknowledgedAt,
    resolvedAt: r.resolvedAt,
    snoozedUntil: r.snoozedUntil,
    version: Number(r.version),
    serviceId: r.serviceId,
    assigneeId: r.assigneeId,
    service: { id: r.serviceId, name: r.serviceName },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName!, email: r.assigneeEmail! } : null,
  }
}

/** One incident by id. */
export const rowByIdSql = (id: string) => sql`SELECT ${rowColumns} FROM "Incident" i ${rowJoins} WHERE i."id" = ${id}`
