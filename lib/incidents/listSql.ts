// The incident list as raw SQL: one statement for the page (joined with service and assignee),
// one for the total and the "is a snooze due?" probe. Prisma's findMany + count cost most of a
// request at a million rows (docs/performance.md); this is the only file that writes list SQL, and
// the only place the two databases differ in it (title search).
import { Prisma } from '@/lib/db/client'
import type { Provider } from '@/lib/db/config'
import type { ListQuery } from '@/lib/schemas/incidents'
import { STATUSES, type Status } from '@/lib/schemas/enums'
import { searchText } from './searchText'
import { isActive } from './transitions'
import type { IncidentRow } from './serialize'

const { sql, join, empty, raw } = Prisma

/** `q` that is a number ("42" or "#42") also matches that incident's number. */
export function numberIn(q: string): number | null {
  const m = /^#?(\d{1,9})$/.exec(q)
  return m ? Number(m[1]) : null
}

const likeContains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Title contains `text` (already lower-cased, like the column). Three characters or more use the
 * trigram index: SQLite's FTS5 table (a quoted phrase of trigrams is exactly a substring match)
 * and PostgreSQL's GIN index, which is built on the expression ("titleSearch" || '') and is only
 * used when the query says the same. Shorter text has no trigram: a plain LIKE scan.
 */
function titleContains(provider: Provider, text: string): Prisma.Sql {
  const trigrams = [...text].length >= 3
  if (provider === 'sqlite') {
    if (!trigrams) return sql`i."titleSearch" LIKE ${likeContains(text)} ESCAPE '\\'`
    const phrase = `"${text.replaceAll('"', '""')}"`
    return sql`i."number" IN (SELECT rowid FROM "IncidentTitleSearch" WHERE "IncidentTitleSearch" MATCH ${phrase})`
  }
  return trigrams
    ? sql`(i."titleSearch" || '') LIKE ${likeContains(text)} ESCAPE '\\'`
    : sql`i."titleSearch" LIKE ${likeContains(text)} ESCAPE '\\'`
}

const distinct = <T>(list: T[]) => [...new Set(list)]

export function whereSql(provider: Provider, f: ListQuery): Prisma.Sql {
  const and: Prisma.Sql[] = []
  if (f.status) {
    const statuses = distinct(f.status)
    and.push(sql`i."status" IN (${join(statuses)})`)
    // Only active statuses: say so in the column the on-call view's index leads with.
    if (statuses.every(isActive)) and.push(sql`i."active" = ${true}`)
  }
  if (f.serviceId) and.push(sql`i."serviceId" IN (${join(distinct(f.serviceId))})`)
  if (f.urgency) and.push(sql`i."urgency" = ${f.urgency}`)
  if (f.assigneeId) and.push(f.assigneeId === 'none' ? sql`i."assigneeId" IS NULL` : sql`i."assigneeId" = ${f.assigneeId}`)
  if (f.q) {
    const text = titleContains(provider, searchText(f.q))
    const n = numberIn(f.q)
    and.push(n === null ? text : sql`(${text} OR i."number" = ${n})`)
  }
  if (f.createdAfter) and.push(sql`i."createdAt" > ${f.createdAfter}`)
  if (f.createdBefore) and.push(sql`i."createdAt" < ${f.createdBefore}`)
  return and.length ? sql`WHERE ${join(and, ' AND ')}` : empty
}

/** Filters the maintained per-(service, status) totals answer exactly. */
export const countable = (f: ListQuery) => !f.urgency && !f.assigneeId && !f.q && !f.createdAfter && !f.createdBefore

/**
 * A search matches few enough rows that counting them in the page's own statement (a window
 * over the matches it has already found) is cheaper than a second pass.
 */
const countsInPage = (f: ListQuery) => !countable(f) && !!f.q

export interface Page {
  rows: IncidentRow[]
  /** Set when the page's statement counted the matches itself. */
  total: number | null
}

/** A page row: the incident's own columns, with its service and assignee flattened by the join. */
type PageRow = Omit<IncidentRow, 'service' | 'assignee'> & {
  serviceName: string
  assigneeName: string | null
  assigneeEmail: string | null
  total?: bigint | number
}

function toRow({ serviceName, assigneeName, assigneeEmail, total: _total, ...r }: PageRow): IncidentRow {
  return {
    ...r,
    // Raw drivers may hand integers back as bigint.
    number: Number(r.number),
    version: Number(r.version),
    service: { id: r.serviceId, name: serviceName },
    assignee: r.assigneeId ? { id: r.assigneeId, name: assigneeName!, email: assigneeEmail! } : null,
  }
}

export function pageSql(provider: Provider, f: ListQuery): Prisma.Sql {
  // Column names come from the validated enum, never from the request's text.
  const col = raw(f.sort === 'updatedAt' ? '"updatedAt"' : '"createdAt"')
  const dir = raw(f.order === 'asc' ? 'ASC' : 'DESC')
  const total = countsInPage(f) ? sql`, count(*) OVER () AS "total"` : empty
  // The inner select picks the page's keys from an index alone (a deep offset steps over index
  // entries, not rows); the outer one reads those few rows and their service and assignee.
  // CROSS JOIN keeps SQLite from walking all of "Incident" in sort order instead.
  return sql`
    SELECT i."id", i."number", i."title", i."description", i."status", i."urgency", i."priority",
           i."createdAt", i."updatedAt", i."acknowledgedAt", i."resolvedAt", i."snoozedUntil", i."version",
           i."serviceId", i."assigneeId", s."name" AS "serviceName", u."name" AS "assigneeName",
           u."email" AS "assigneeEmail"${countsInPage(f) ? sql`, p."total"` : empty}
    FROM (
      SELECT i."id", i.${col} AS "sortKey"${total} FROM "Incident" i ${whereSql(provider, f)}
      ORDER BY i.${col} ${dir}, i."id" ${dir} LIMIT ${f.limit} OFFSET ${f.offset}
    ) p
    CROSS JOIN "Incident" i
    JOIN "Service" s ON s."id" = i."serviceId"
    LEFT JOIN "User" u ON u."id" = i."assigneeId"
    WHERE i."id" = p."id"
    ORDER BY p."sortKey" ${dir}, p."id" ${dir}`
}

export function toPage(rows: PageRow[]): Page {
  return { rows: rows.map(toRow), total: rows.length && rows[0].total !== undefined ? Number(rows[0].total) : null }
}

/** The total from the maintained counts (or null when the filters need a count), and whether a snooze is due. */
export function metaSql(provider: Provider, f: ListQuery, now: Date): Prisma.Sql {
  const statuses: Status[] = f.status ? distinct(f.status) : [...STATUSES]
  const services = f.serviceId ? sql` AND "serviceId" IN (${join(distinct(f.serviceId))})` : empty
  const total = countable(f)
    ? sql`(SELECT COALESCE(SUM("count"), 0) FROM "IncidentCount" WHERE "status" IN (${join(statuses)})${services})`
    : countsInPage(f)
      ? sql`NULL`
      : sql`(SELECT COUNT(*) FROM "Incident" i ${whereSql(provider, f)})`
  return sql`
    SELECT ${total} AS "total",
           EXISTS (SELECT 1 FROM "Incident" WHERE "status" = 'SNOOZED' AND "snoozedUntil" <= ${now}) AS "due"`
}

/** The total alone, for a search page that lies past its last match. */
export function countSql(provider: Provider, f: ListQuery): Prisma.Sql {
  return sql`SELECT (SELECT COUNT(*) FROM "Incident" i ${whereSql(provider, f)}) AS "total", ${false} AS "due"`
}

export interface Meta {
  total: number | null
  due: boolean
}

export const toMeta = (rows: { total: bigint | number | string | null; due: bigint | number | boolean }[]): Meta => ({
  total: rows[0].total === null ? null : Number(rows[0].total),
  due: Boolean(Number(rows[0].due)),
})

/** Incidents per status under the list's filters, counted in one pass (the search uses its index). */
export function statusCountsSql(provider: Provider, f: ListQuery): Prisma.Sql {
  return sql`SELECT i."status" AS "status", COUNT(*) AS "n" FROM "Incident" i ${whereSql(provider, { ...f, status: undefined })} GROUP BY i."status"`
}
