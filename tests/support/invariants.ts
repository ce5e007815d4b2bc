// What must hold for every incident in a database, whatever was done to it: read straight from
// the tables (not through the API) so a broken serializer cannot hide broken data. Used after
// fuzzing (tests/api/property-*) and after crashes (tests/system/faults-*).
import type { Db } from '@/lib/db/client'
import { bucketOf } from '@/lib/incidents/store/buckets'
import { dailyStatViolations } from './dailyStats'
import { readSnapshot } from './snapshot'

// The status each status-bearing event leaves an incident in.
const STATUS_AFTER: Record<string, string> = {
  created: 'OPEN',
  acknowledged: 'ACKNOWLEDGED',
  unacknowledged: 'OPEN',
  resolved: 'RESOLVED',
  reopened: 'OPEN',
  snoozed: 'SNOOZED',
  unsnoozed: 'OPEN',
}

/** Every broken rule, as readable lines; empty when the database is sound. */
export async function invariantViolations(db: Db): Promise<string[]> {
  // One snapshot, so the sweeper of a running server cannot move things between the reads.
  const { incidents, events, counts, bucketCounts } = await readSnapshot(db, async (tx) => ({
    incidents: await tx.incident.findMany({
      select: { id: true, status: true, active: true, serviceId: true, acknowledgedAt: true, resolvedAt: true, snoozedUntil: true, createdAt: true },
    }),
    events: await tx.timelineEvent.findMany({ select: { id: true, incidentId: true, type: true, at: true }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    counts: await tx.incidentCount.findMany(),
    bucketCounts: await tx.incidentBucketCount.findMany(),
  }))
  const bad: string[] = []
  const byIncident = new Map<string, typeof events>()
  for (const e of events) byIncident.set(e.incidentId, [...(byIncident.get(e.incidentId) ?? []), e])
  const real = new Map<string, number>()
  const realBuckets = new Map<string, number>()
  for (const i of incidents) {
    const where = `${i.id} (${i.status})`
    const k = `${i.serviceId}/${i.status}`
    real.set(k, (real.get(k) ?? 0) + 1)
    const kb = `${k}/${bucketOf(i.createdAt)}`
    realBuckets.set(kb, (realBuckets.get(kb) ?? 0) + 1)
    switch (i.status) {
      case 'OPEN':
        if (i.acknowledgedAt || i.resolvedAt || i.snoozedUntil) bad.push(`${where}: OPEN with acknowledgedAt/resolvedAt/snoozedUntil set`)
        break
      case 'ACKNOWLEDGED':
        if (!i.acknowledgedAt || i.resolvedAt || i.snoozedUntil) bad.push(`${where}: ACKNOWLEDGED needs acknowledgedAt only`)
        break
      case 'SNOOZED':
        if (!i.snoozedUntil || i.resolvedAt) bad.push(`${where}: SNOOZED needs snoozedUntil and no resolvedAt`)
        break
      case 'RESOLVED':
        if (!i.resolvedAt || i.snoozedUntil) bad.push(`${where}: RESOLVED needs resolvedAt and no snoozedUntil`)
        break
      default:
        bad.push(`${where}: unknown status`)
    }
    if (i.active !== (i.status !== 'RESOLVED')) bad.push(`${where}: active flag disagrees with the status`)
    const timeline = byIncident.get(i.id) ?? []
    if (timeline[0]?.type !== 'created') bad.push(`${where}: first event is ${timeline[0]?.type ?? 'missing'}, not created`)
    if (timeline.filter((e) => e.type === 'created').length !== 1) bad.push(`${where}: not exactly one created event`)
    const lastStatusEvent = timeline.filter((e) => e.type in STATUS_AFTER).at(-1)
    if (lastStatusEvent && STATUS_AFTER[lastStatusEvent.type] !== i.status) {
      bad.push(`${where}: last status event ${lastStatusEvent.type} says ${STATUS_AFTER[lastStatusEvent.type]}`)
    }
  }
  const known = new Set(incidents.map((i) => i.id))
  for (const id of byIncident.keys()) if (!known.has(id)) bad.push(`events of a missing incident ${id}`)
  const kept = new Map(counts.map((c) => [`${c.serviceId}/${c.status}`, c.count]))
  for (const k of new Set([...kept.keys(), ...real.keys()])) {
    if ((kept.get(k) ?? 0) !== (real.get(k) ?? 0)) bad.push(`IncidentCount ${k} is ${kept.get(k) ?? 'missing'}, real count ${real.get(k) ?? 0}`)
  }
  const keptBuckets = new Map(bucketCounts.map((c) => [`${c.serviceId}/${c.status}/${c.bucket}`, c.count]))
  for (const k of new Set([...keptBuckets.keys(), ...realBuckets.keys()])) {
    const [kept, real] = [keptBuckets.get(k) ?? 0, realBuckets.get(k) ?? 0]
    if (kept !== real) bad.push(`IncidentBucketCount ${k} is ${kept}, real count ${real}`)
  }
  bad.push(...(await dailyStatViolations(db)))
  return bad
}
