// One incident row in storage: the columns an IncidentRow is made of (listed once, below), its
// service and assignee joined, and the mapping back. The list's page and the commands read their
// rows as plain SQL on the driver rather than through Prisma's client (see lib/db/statements.ts
// for why); the incident page reads it through Prisma with the same columns.
import { Prisma } from '@/lib/db/client'
import type { IncidentRow } from '../rules/serialize'

const { sql, raw } = Prisma

/** The incident's own columns, in the order every read selects them. */
const COLUMNS = [
  'id',
  'number',
  'title',
  'description',
  'status',
  'urgency',
  'priority',
  'createdAt',
  'updatedAt',
  'acknowledgedAt',
  'resolvedAt',
  'snoozedUntil',
  'version',
  'serviceId',
  'assigneeId',
  'dedupKey',
  'alertCount',
  'lastAlertAt',
  'source',
] as const satisfies readonly (keyof IncidentRow)[]

// Every field of IncidentRow is a column here or one of the two joined rows.
type Unlisted = Exclude<keyof IncidentRow, (typeof COLUMNS)[number] | 'service' | 'assignee'>
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true
void everyFieldListed

/** The select list of a row: "Incident" as i, "Service" as s, "User" as u (see rowJoins). */
export const rowColumns = sql`${raw(COLUMNS.map((c) => `i."${c}"`).join(', '))}, s."name" AS "serviceName", u."name" AS "assigneeName", u."email" AS "assigneeEmail"`

export const rowJoins = sql`JOIN "Service" s ON s."id" = i."serviceId" LEFT JOIN "User" u ON u."id" = i."assigneeId"`

/** The same row through Prisma's client. */
export const incidentSelect = {
  ...(Object.fromEntries(COLUMNS.map((c) => [c, true])) as { [C in (typeof COLUMNS)[number]]: true }),
  service: { select: { id: true, name: true } },
  assignee: { select: { id: true, name: true, email: true } },
} as const

/** What the driver hands back for rowColumns. */
export type FlatRow = Omit<IncidentRow, 'service' | 'assignee'> & {
  serviceName: string
  assigneeName: string | null
  assigneeEmail: string | null
}

// Built field by field: a rest/spread copy of the driver's row cost more than the query's own
// marshalling at 50 rows a page.
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
    dedupKey: r.dedupKey,
    alertCount: Number(r.alertCount),
    lastAlertAt: r.lastAlertAt,
    source: r.source,
    service: { id: r.serviceId, name: r.serviceName },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName!, email: r.assigneeEmail! } : null,
  }
}

/** One incident by id. */
export const rowByIdSql = (id: string) => sql`SELECT ${rowColumns} FROM "Incident" i ${rowJoins} WHERE i."id" = ${id}`
