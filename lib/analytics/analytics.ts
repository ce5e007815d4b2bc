// The analytics entry point: trends of incidents created, acknowledged and resolved per day or
// week, and per service, from the maintained daily aggregate (never a scan of incidents).
import type { Db } from '@/lib/db/client'
import type { Analytics, AnalyticsQuery } from '@/lib/schemas/analytics'
import { analyticsCsv, type CsvTable } from './rules/csv'
import { bucketOfDay, bucketStarts, dayRange, dayStart, meanSeconds } from './rules/range'
import { sumsPerDay, sumsPerService } from './store/dailyStats'
import { openAlertsPerService } from './store/openAlerts'

export async function readAnalytics(db: Db, query: AnalyticsQuery, now = new Date()): Promise<Analytics> {
  const range = dayRange(query, now)
  const [days, services, openAlerts] = await Promise.all([
    sumsPerDay(db.read, range.from, range.to, query.serviceId),
    sumsPerService(db.read, range.from, range.to, query.serviceId),
    openAlertsPerService(db.read, range.from, range.to, query.serviceId),
  ])
  const starts = bucketStarts(range, query.bucket)
  const sums = new Map(starts.map((d) => [d, { created: 0, acknowledged: 0, ackMs: 0, resolved: 0, resolveMs: 0 }]))
  for (const day of days) {
    const into = sums.get(bucketOfDay(day.day, query.bucket, range))!
    into.created += day.created
    into.acknowledged += day.acknowledged
    into.ackMs += day.ackMs
    into.resolved += day.resolved
    into.resolveMs += day.resolveMs
  }
  return {
    buckets: starts.map((d) => {
      const s = sums.get(d)!
      return {
        start: dayStart(d).toISOString(),
        created: s.created,
        acknowledged: s.acknowledged,
        resolved: s.resolved,
        mttaSeconds: meanSeconds(s.ackMs, s.acknowledged),
        mttrSeconds: meanSeconds(s.resolveMs, s.resolved),
      }
    }),
    services: services.map((s) => ({
      id: s.id,
      name: s.name,
      created: s.created,
      // The aggregate holds the resolved incidents' alerts; the unresolved ones' are added here.
      alerts: s.alerts + (openAlerts.get(s.id) ?? 0),
      mttaSeconds: meanSeconds(s.ackMs, s.acknowledged),
      mttrSeconds: meanSeconds(s.resolveMs, s.resolved),
    })),
  }
}

/** The same as CSV: one table, and the file name a download is saved under. */
export async function readAnalyticsCsv(db: Db, query: AnalyticsQuery & { table: CsvTable }): Promise<{ csv: string; filename: string }> {
  const now = new Date()
  const range = dayRange(query, now)
  const csv = analyticsCsv(await readAnalytics(db, query, now), query.table)
  const day = (d: number) => dayStart(d).toISOString().slice(0, 10)
  return { csv, filename: `incidents-${query.table}-${query.bucket}-${day(range.from)}-${day(range.to)}.csv` }
}
