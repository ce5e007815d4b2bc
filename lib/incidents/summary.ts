// How many incidents are in each status, under the same filters as the list (status aside): the
// counts beside the dashboard's status filter.
import type { Db } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import type { ListQuery } from '@/lib/schemas/incidents'
import { STATUSES, type Status } from '@/lib/schemas/enums'
import { statusCountsSql, statusTotalsSql } from './listSql'
import { afterState, cached } from './readCache'
import { estimateTrigrams } from './titleTrigrams'

export type SummaryFilters = Pick<ListQuery, 'serviceId' | 'urgency' | 'assigneeId' | 'q'>
export type StatusCounts = Record<Status, number>

export async function countByStatus(db: Db, f: SummaryFilters): Promise<{ counts: StatusCounts; total: number }> {
  const now = new Date()
  return cached(db, `summary ${JSON.stringify(f)}`, now, () => afterState(db, now, () => count(db, f)))
}

async function count(db: Db, f: SummaryFilters): Promise<{ counts: StatusCounts; total: number }> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts
  const add = (status: string, n: number) => {
    if (status in counts) counts[status as Status] += n
  }
  if (!f.urgency && !f.assigneeId && !f.q) {
    // The maintained per-(service, status) totals answer this exactly without scanning incidents.
    const rows = await queryRows<{ status: string; n: bigint | number | string | null }>(db.read, statusTotalsSql(f))
    for (const r of rows) add(r.status, Number(r.n ?? 0))
  } else {
    // The list's own filter SQL, so the counts can never disagree with the list they sit beside.
    const query: ListQuery = { ...f, limit: 1, offset: 0, sort: 'createdAt', order: 'desc' }
    if (f.q) await estimateTrigrams(db)
    const rows = await queryRows<{ status: string; n: bigint | number }>(db.read, statusCountsSql(db.provider, query))
    for (const r of rows) add(r.status, Number(r.n))
  }
  return { counts, total: STATUSES.reduce((n, s) => n + counts[s], 0) }
}
