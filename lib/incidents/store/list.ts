// The incident list as raw SQL: one statement for the page (joined with service and assignee; a
// row's columns are row.ts's) that also carries the list's total and the read state (the change
// counter and the "is a snooze due?" probe), and the same without the page for a page past the
// end. Raw SQL because Prisma's findMany + count cost most of a request at a million rows; this
// is the only file that writes list SQL, and the only place the two databases differ in it
// (title search).
import { Prisma } from '@/lib/db/client'
import type { Provider } from '@/lib/db/config'
import type { ListQuery } from '@/lib/schemas/incidents'
import { STATUSES, type Status } from '@/lib/schemas/enums'
import { bucketStart } from './buckets'
import { searchText } from './searchText'
import { indexed, rarestTrigrams, trigramsOf } from './titleTrigrams'
import { isActive } from '../rules/transitions'
import { TRIAGE_GROUPS, triageGroups } from '../rules/triage'
import { rowColumns, rowJoins, type FlatRow } from './row'

const { sql, join, empty, raw } = Prisma

/** `q` that is a number ("42" or "#42") also matches that incident's number. */
export function numberIn(q: string): number | null {
  const m = /^#?(\d{1,9})$/.exec(q)
  return m ? Number(m[1]) : null
}

const likeContains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * Title contains `text` (already lower-cased, like the column). Three characters or more use the
 * trigram index: SQLite's FTS5 table, PostgreSQL's GIN index of every three-character piece of the
 * title (migration 20261206040000_title_trigrams; a query must name the same expression and
 * collation to use it). Reading every trigram of a term is exact on SQLite (a quoted FTS5 phrase
 * of trigrams is a substring match), but for "payments-17" cost two to three times as much as
 * reading a rare pair of them (titleTrigrams.ts) and checking the candidates with LIKE, which
 * PostgreSQL always does: its index knows which pieces a title holds, not where. Shorter text has
 * no trigram: a plain LIKE scan.
 */
function titleContains(provider: Provider, text: string): Prisma.Sql {
  const like = sql`i."titleSearch" LIKE ${likeContains(text)} ESCAPE '\\'`
  const trigrams = trigramsOf(text)
  if (!trigrams.length) return like
  const pair = rarestTrigrams(provider, text)
  if (provider === 'sqlite') {
    const phrases = (pair ?? [text]).map((t) => `"${t.replaceAll('"', '""')}"`).join(' AND ')
    const index = sql`i."number" IN (SELECT rowid FROM "IncidentTitleSearch" WHERE "IncidentTitleSearch" MATCH ${phrases})`
    return pair ? sql`(${index} AND ${like})` : index
  }
  const read = (pair ?? distinct(trigrams.map((t) => t.trigram))).filter((t) => indexed(provider, t))
  if (!read.length) return like
  return sql`(incident_title_trigrams(i."titleSearch") COLLATE "C" @> ARRAY[${join(read)}]::text[] AND ${like})`
}

const distinct = <T>(list: T[]) => [...new Set(list)]

export function whereSql(provider: Provider, f: ListQuery, extra: Prisma.Sql[] = []): Prisma.Sql {
  const and: Prisma.Sql[] = [...extra]
  if (f.status) {
    const statuses = distinct(f.status)
    and.push(sql`i."status" IN (${join(statuses)})`)
    // Only active statuses: say so in the column the on-call view's index leads with.
    if (statuses.every(isActive)) and.push(sql`i."active" = ${true}`)
  }
  if (f.serviceId) and.push(sql`i."serviceId" IN (${join(distinct(f.serviceId))})`)
  if (f.urgency) and.push(sql`i."urgency" = ${f.urgency}`)
  if (f.dedupKey !== undefined) and.push(sql`i."dedupKey" = ${f.dedupKey}`)
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
export const countable = (f: ListQuery) => !f.urgency && f.dedupKey === undefined && !f.assigneeId && !f.q && !f.createdAfter && !f.createdBefore

/**
 * A search matches few enough rows that counting them in the page's own statement (a window
 * over the matches it has already found) is cheaper than a second pass.
 */
const countsInPage = (f: ListQuery) => !countable(f) && !!f.q

/** What a list's statements read: a page row (row.ts's columns) or, past the end, none of them. */
export interface ListRow {
  total: bigint | number | string
  changeCounter: number | bigint | null
  snoozeDue: number | boolean
}
export type PageRow = FlatRow & ListRow

/** From this offset on, a countable list sorted by createdAt starts at the bucket holding its offset. */
export const DEEP_OFFSET = 1000

export const startsAtBucket = (f: ListQuery) => countable(f) && f.sort === 'createdAt' && f.offset >= DEEP_OFFSET

/** Incidents per createdAt bucket under the list's (countable) filters, in the list's order. */
export function bucketSumsSql(f: ListQuery): Prisma.Sql {
  const and: Prisma.Sql[] = []
  if (f.status) and.push(sql`"status" IN (${join(distinct(f.status))})`)
  if (f.serviceId) and.push(sql`"serviceId" IN (${join(distinct(f.serviceId))})`)
  return sql`SELECT "bucket", SUM("count") AS "n" FROM "IncidentBucketCount" ${and.length ? sql`WHERE ${join(and, ' AND ')}` : empty}
    GROUP BY "bucket" ORDER BY "bucket" ${raw(f.order === 'asc' ? 'ASC' : 'DESC')}`
}

/**
 * The stretch of a deep page's walk: rows on one side of a bucket edge (`after`: createdAt ≥
 * `bound`, else <), walked in the list's order or against it (`reverse`), `offset` and `limit`
 * counted along that walk.
 */
export interface PageStart {
  bound: Date
  after: boolean
  reverse: boolean
  offset: number
  limit: number
}

/**
 * Where to walk for a deep page, from the per-bucket sums in the list's order. Forward from the
 * start of the bucket holding row `offset` (the buckets before it skipped), or backward from the
 * end of the bucket holding the page's last row when that is the shorter walk (a page near the
 * end of a crowded bucket). Null when the plain statement walks no further than either.
 */
export function pageStart(f: ListQuery, sums: { bucket: number | bigint; n: number | bigint | string }[]): PageStart | null {
  const n = sums.map((s) => Number(s.n))
  const bucket = (k: number) => Number(sums[k].bucket)
  const asc = f.order === 'asc'
  if (!n.length) return null
  // k: the bucket holding row `offset` (the last one for an offset past the end); before: rows ahead of it.
  let k = 0
  let before = 0
  while (k < n.length - 1 && before + n[k] <= f.offset) before += n[k++]
  // c: the bucket holding the page's last row (or the last one); through: rows up to its end.
  let c = k
  let through = before + n[k]
  while (c < n.length - 1 && through < f.offset + f.limit) through += n[++c]
  const end = Math.min(f.offset + f.limit, through)
  if (end > f.offset && through - f.offset < f.offset - before) {
    // Everything up to the end of bucket c, walked from that end.
    const bound = bucketStart(asc ? bucket(c) + 1 : bucket(c))
    return { bound, after: !asc, reverse: true, offset: through - end, limit: end - f.offset }
  }
  if (!before) return null
  // Everything from the start of bucket k on.
  const bound = bucketStart(asc ? bucket(k) : bucket(k) + 1)
  return { bound, after: asc, reverse: false, offset: f.offset - before, limit: f.limit }
}

/**
 * The list's exact total: the maintained counts when the filters allow, else a count of the
 * matches. Asked as a column of the page's own statement, it is evaluated once, not per row.
 */
function totalSql(provider: Provider, f: ListQuery): Prisma.Sql {
  if (!countable(f)) return sql`(SELECT COUNT(*) FROM "Incident" i ${whereSql(provider, f)})`
  const statuses: Status[] = f.status ? distinct(f.status) : [...STATUSES]
  const services = f.serviceId ? sql` AND "serviceId" IN (${join(distinct(f.serviceId))})` : empty
  return sql`(SELECT COALESCE(SUM("count"), 0) FROM "IncidentCount" WHERE "status" IN (${join(statuses)})${services})`
}

/**
 * The change counter: bumped by trigger in every transaction that writes an incident, a service or
 * a user (migration 20261126190000_change_counter). The read cache keys its answers on it, the live
 * stream's notices follow it (state.ts).
 */
export const changeCounterSql = sql`(SELECT "value" FROM "Counter" WHERE "name" = 'changes')`

/**
 * The change counter (lib/incidents/readCache.ts keys on it) and whether a snooze has run out. Read by the
 * statement that reads the answer, they describe exactly the data it was computed from (one
 * statement, one snapshot, on both databases). Named apart from every incident column: a page
 * row carries both.
 */
const stateColumns = (now: Date) =>
  sql`${changeCounterSql} AS "changeCounter",
    EXISTS (SELECT 1 FROM "Incident" WHERE "status" = 'SNOOZED' AND "snoozedUntil" <= ${now}) AS "snoozeDue"`

/** A row's place in the triage order, for a search's matches (read in one pass, not per group). */
const triageRank = raw(`CASE ${TRIAGE_GROUPS.map((g) => `WHEN i."status" = '${g.status}' AND i."urgency" = '${g.urgency}' THEN ${g.rank}`).join(' ')} END`)

/**
 * The keys of a page in triage order. Each (status, urgency) group the filters leave is one
 * keyset walk down the (status, urgency, createdAt, id) index, newest first, that stops after
 * `offset + limit` entries: a page of the on-call view reads a few hundred index entries,
 * however many incidents are resolved. A search orders its few matches by their rank instead.
 */
function triageKeysSql(provider: Provider, f: ListQuery): Prisma.Sql {
  const limit = sql`LIMIT ${f.limit} OFFSET ${f.offset}`
  const order = sql`ORDER BY "rank", "sortKey" DESC, "id" DESC`
  const groups = triageGroups(f)
  if (countsInPage(f) || !groups.length) {
    return sql`SELECT "id", "rank", "sortKey", "total" FROM (
        SELECT i."id", ${triageRank} AS "rank", i."createdAt" AS "sortKey", count(*) OVER () AS "total" FROM "Incident" i ${whereSql(provider, f)}
      ) m ${order} ${limit}`
  }
  const others = { ...f, status: undefined, urgency: undefined }
  // Ranks are the rule's own integers, never the request's text.
  const walks = groups.map(
    (g) => sql`SELECT * FROM (
      SELECT i."id", ${raw(String(g.rank))} AS "rank", i."createdAt" AS "sortKey" FROM "Incident" i
      ${whereSql(provider, others, [sql`i."status" = ${g.status}`, sql`i."urgency" = ${g.urgency}`])}
      ORDER BY i."createdAt" DESC, i."id" DESC LIMIT ${f.offset + f.limit}) ${raw(`g${g.rank}`)}`,
  )
  return sql`SELECT "id", "rank", "sortKey" FROM (${join(walks, ' UNION ALL ')}) u ${order} ${limit}`
}

/** One page of the list, each row also carrying the total and the read state. */
export function pageSql(provider: Provider, f: ListQuery, now: Date, start: PageStart | null = null): Prisma.Sql {
  if (f.sort === 'triage') return pageOf(provider, f, now, triageKeysSql(provider, f), sql`p."rank", p."sortKey" DESC, p."id" DESC`)
  // Column names come from the validated enum, never from the request's text.
  const col = raw(f.sort === 'updatedAt' ? '"updatedAt"' : '"createdAt"')
  const dir = raw(f.order === 'asc' ? 'ASC' : 'DESC')
  const from = start ? [start.after ? sql`i."createdAt" >= ${start.bound}` : sql`i."createdAt" < ${start.bound}`] : []
  const limit = sql`LIMIT ${start?.limit ?? f.limit} OFFSET ${start?.offset ?? f.offset}`
  // A deep page may walk its stretch against the list's order; the outer ORDER BY restores it.
  const walk = raw((f.order === 'asc') !== !!start?.reverse ? 'ASC' : 'DESC')
  // A search counts its matches in the same pass, in a subquery of its own: over a scan in sort
  // order PostgreSQL costs the window as if it could stop after one page, and walked all of
  // "Incident" by "createdAt" (0.4 s for "sms-0") instead of reading the matches from the index.
  const keys = countsInPage(f)
    ? sql`SELECT "id", "sortKey", "total" FROM (
        SELECT i."id", i.${col} AS "sortKey", count(*) OVER () AS "total" FROM "Incident" i ${whereSql(provider, f, from)}
      ) m ORDER BY "sortKey" ${dir}, "id" ${dir} ${limit}`
    : sql`SELECT i."id", i.${col} AS "sortKey" FROM "Incident" i ${whereSql(provider, f, from)}
      ORDER BY i.${col} ${walk}, i."id" ${walk} ${limit}`
  return pageOf(provider, f, now, keys, sql`p."sortKey" ${dir}, p."id" ${dir}`)
}

/**
 * The page's rows from its keys: the keys are picked from an index alone (a deep offset steps
 * over index entries, not rows); this reads those few rows and their service and assignee.
 * CROSS JOIN keeps SQLite from walking all of "Incident" in sort order instead.
 */
function pageOf(provider: Provider, f: ListQuery, now: Date, keys: Prisma.Sql, order: Prisma.Sql): Prisma.Sql {
  return sql`
    SELECT ${rowColumns}, ${countsInPage(f) ? sql`p."total"` : totalSql(provider, f)} AS "total", ${stateColumns(now)}
    FROM (${keys}) p
    CROSS JOIN "Incident" i
    ${rowJoins}
    WHERE i."id" = p."id"
    ORDER BY ${order}`
}

/** The total and the read state without a page: for a page that lies past the list's end. */
export function metaSql(provider: Provider, f: ListQuery, now: Date): Prisma.Sql {
  return sql`SELECT ${totalSql(provider, f)} AS "total", ${stateColumns(now)}`
}

/** The read state alone: whether an answer kept in memory is still the current one. */
export const stateSql = (now: Date): Prisma.Sql => sql`SELECT ${stateColumns(now)}`

/**
 * Incidents per status from the maintained totals, for filters they answer exactly. Sent to the
 * driver like the list's statements, so a filter naming as many services as the list accepts is
 * one statement here too (Prisma's own queries refuse past 999 parameters on SQLite).
 */
export function statusTotalsSql(f: Pick<ListQuery, 'serviceId'>): Prisma.Sql {
  const services = f.serviceId ? sql`WHERE "serviceId" IN (${join(distinct(f.serviceId))})` : empty
  return sql`SELECT "status", SUM("count") AS "n" FROM "IncidentCount" ${services} GROUP BY "status"`
}

/** Incidents per status under the list's filters, counted in one pass (the search uses its index). */
export function statusCountsSql(provider: Provider, f: ListQuery): Prisma.Sql {
  return sql`SELECT i."status" AS "status", COUNT(*) AS "n" FROM "Incident" i ${whereSql(provider, { ...f, status: undefined })} GROUP BY i."status"`
}
