// Reads of incidents: the filtered, paged list and one incident with its timeline.
import { notFound } from '@/lib/errors'
import { MAX_ID_LENGTH } from '@/lib/ids'
import type { Incident, IncidentList, IncidentWithTimeline, ListQuery, TimelineEvent } from '@/lib/schemas/incidents'
import { wakeIfDue } from './commands'
import { cached } from './readCache'
import { planWakeIfDue } from './rules/plan'
import { etagOf, toIncident, toNextEscalation, toTimelineEvent } from './rules/serialize'
import * as store from './store'
import type { Db } from './store'

/**
 * One page of incidents and the exact total (the store says how each is read). The same question
 * asked again before anything changed is answered from memory (readCache.ts).
 */
export async function listIncidents(db: Db, f: ListQuery, now = new Date()): Promise<IncidentList> {
  return cached(db, `list ${JSON.stringify(f)}`, now, async () => {
    const { rows, total, state } = await store.readPage(db, f, now)
    return {
      state,
      value: {
        incidents: rows.map(toIncident),
        total,
        limit: f.limit,
        offset: f.offset,
        hasMore: f.offset + rows.length < total,
      },
    }
  })
}

/**
 * Timeline events, by id, each with its incident as stored (a snooze that ran out is left for the
 * sweep to wake), read without the rest of their timelines: what notifications about them report.
 * An id with no event is missing from the answer.
 */
export async function getEventsWithIncidents(db: Db, eventIds: readonly string[]): Promise<Map<string, { incident: Incident; event: TimelineEvent }>> {
  const rows = await store.findEventsWithIncidents(db, eventIds)
  return new Map(rows.map(({ event, ...row }) => [event.id, { incident: toIncident(row), event: toTimelineEvent(event) }]))
}

export async function getIncident(db: Db, id: string, now = new Date()): Promise<{ incident: IncidentWithTimeline; etag: string }> {
  if (!id || id.length > MAX_ID_LENGTH) throw notFound('incident')
  let row = await store.findWithTimeline(db, id)
  if (!row) throw notFound('incident')
  if (planWakeIfDue(row, now)) {
    // Read again whoever woke it: this call, or the sweep or another instance in the meantime.
    await wakeIfDue(db, id, now)
    row = (await store.findWithTimeline(db, id))!
  }
  return {
    incident: { ...toIncident(row), escalation: toNextEscalation(store.markOf(row)), timeline: row.timeline.map(toTimelineEvent) },
    etag: etagOf(row),
  }
}
