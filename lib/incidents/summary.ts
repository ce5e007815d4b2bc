// How many incidents are in each status, under the same filters as the list (status aside): the
// counts beside the dashboard's status filter.
import { STATUSES, type Status } from '@/lib/schemas/enums'
import { afterState, cached } from './readCache'
import * as store from './store'
import type { CountFilters, Db } from './store'

export type SummaryFilters = CountFilters
export type StatusCounts = Record<Status, number>

export async function countByStatus(db: Db, f: SummaryFilters): Promise<{ counts: StatusCounts; total: number }> {
  const now = new Date()
  return cached(db, `summary ${JSON.stringify(f)}`, now, () => afterState(db, now, () => count(db, f)))
}

async function count(db: Db, f: SummaryFilters): Promise<{ counts: StatusCounts; total: number }> {
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as StatusCounts
  for (const [status, n] of await store.countPerStatus(db, f)) {
    if (status in counts) counts[status as Status] += n
  }
  return { counts, total: STATUSES.reduce((n, s) => n + counts[s], 0) }
}
