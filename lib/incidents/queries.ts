// Reads of incidents: the filtered, paged list and one incident with its timeline.
import type { Db } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import { notFound } from '@/lib/errors'
import { MAX_ID_LENGTH } from '@/lib/ids'
import type { IncidentList, IncidentWithTimeline, ListQuery } from '@/lib/schemas/incidents'
import { wakeIfDue } from './commands'
import { bucketSumsSql, metaSql, pageSql, pageStart, startsAtBucket, type ListRow, type PageRow } from './listSql'
import { cached, toState, type Read } from './readCache'
import { toRow } from './rowSql'
import { etagOf, incidentSelect, toIncident, toTimelineEvent } from './serialize'
import { estimateTrigrams } from './titleTrigrams'
import { isDueToWake, type StatusFields } from './transitions'

/**
 * One page of incidents and the exact total. Totals come from the counts maintained with every
 * write when the filters allow it, from a window over the matches for a search, and from COUNT(*)
 * otherwise, all in the page's own statement. A deep page sorted by createdAt starts at the bucket
 * that holds its offset (the maintained per-bucket counts say which), so it walks one bucket's
 * index entries, not `offset` of them. The SQL lives in listSql.ts. The same question asked again
 * before anything changed is answered from memory (readCache.ts).
 */
export async function listIncidents(db: Db, f: ListQuery, now = new Date()): Promise<IncidentList> {
  return cached(db, `list ${JSON.stringify(f)}`, now, () => readList(db, f, now))
}

async function readList(db: Db, f: ListQuery, now: Date): Promise<Read<IncidentList>> {
  if (f.q) await estimateTrigrams(db)
  const start = startsAtBucket(f) ? pageStart(f, await queryRows<Parameters<typeof pageStart>[1][number]>(db.read, bucketSumsSql(f))) : null
  const rows = await queryRows<PageRow>(db.read, pageSql(db.provider, f, now, start))
  // A page past the end has no row to carry the total and the state.
  const meta: ListRow = rows[0] ?? (await queryRows<ListRow>(db.read, metaSql(db.provider, f, now)))[0]
  const total = Number(meta.total)
  return {
    state: toState(meta),
    value: {
      incidents: rows.map((r) => toIncident(toRow(r))),
      total,
      limit: f.limit,
      offset: f.offset,
      hasMore: f.offset + rows.length < total,
    },
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
  if (isDueToWake(row as unknown as StatusFields, now) && (await wakeIfDue(db, id, now))) {
    row = (await load())!
  }
  return {
    incident: { ...toIncident(row), timeline: row.timeline.map(toTimelineEvent) },
    etag: etagOf(row),
  }
}
