// The analytics aggregate (IncidentDailyStat) against a full recomputation: a plain SQL scan of
// every incident, written here independently of the app's incremental maintenance. The aggregate
// holds the alerts of resolved incidents only (the analytics add the unresolved ones' when read).
import { Prisma, type Db } from '@/lib/db/client'
import { readSnapshot } from './snapshot'

interface DayRow {
  serviceId: string
  day: number | bigint | string
  created: number | bigint | string
  acknowledged: number | bigint | string
  ackMs: number | bigint | string
  resolved: number | bigint | string
  resolveMs: number | bigint | string
  alerts: number | bigint | string
}

const SQLITE_SCAN = Prisma.sql`
  SELECT "serviceId", CAST(strftime('%s', substr("createdAt", 1, 10)) AS INTEGER) / 86400 AS "day", COUNT(*) AS "created",
    COUNT("acknowledgedAt") AS "acknowledged",
    TOTAL(ROUND((julianday("acknowledgedAt") - julianday("createdAt")) * 86400000)) AS "ackMs",
    COUNT("resolvedAt") AS "resolved",
    TOTAL(ROUND((julianday("resolvedAt") - julianday("createdAt")) * 86400000)) AS "resolveMs",
    TOTAL(CASE WHEN "resolvedAt" IS NOT NULL THEN "alertCount" ELSE 0 END) AS "alerts"
  FROM "Incident" GROUP BY 1, 2`

const POSTGRES_SCAN = Prisma.sql`
  SELECT "serviceId", ("createdAt"::date - DATE '1970-01-01') AS "day", COUNT(*) AS "created",
    COUNT("acknowledgedAt") AS "acknowledged",
    COALESCE(SUM(round(extract(epoch FROM "acknowledgedAt" - "createdAt") * 1000)), 0) AS "ackMs",
    COUNT("resolvedAt") AS "resolved",
    COALESCE(SUM(round(extract(epoch FROM "resolvedAt" - "createdAt") * 1000)), 0) AS "resolveMs",
    SUM(CASE WHEN "resolvedAt" IS NOT NULL THEN "alertCount" ELSE 0 END) AS "alerts"
  FROM "Incident" GROUP BY 1, 2`

const KEPT = Prisma.sql`SELECT "serviceId", "day", "created", "acknowledged", "ackMs", "resolved", "resolveMs", "alerts" FROM "IncidentDailyStat"`

const line = (r: DayRow) =>
  [r.created, r.acknowledged, r.ackMs, r.resolved, r.resolveMs, r.alerts].map((v) => String(Number(v))).join(' ')

/** Every (service, day) whose maintained row differs from the scan (an all-zero row equals none). */
export async function dailyStatViolations(db: Db): Promise<string[]> {
  const { scanned, kept } = await readSnapshot(db, async (tx) => ({
    scanned: await tx.$queryRaw<DayRow[]>(db.provider === 'postgresql' ? POSTGRES_SCAN : SQLITE_SCAN),
    kept: await tx.$queryRaw<DayRow[]>(KEPT),
  }))
  const zero = '0 0 0 0 0 0'
  const real = new Map(scanned.map((r) => [`${r.serviceId}/${Number(r.day)}`, line(r)]))
  const ours = new Map(kept.map((r) => [`${r.serviceId}/${Number(r.day)}`, line(r)]))
  const bad: string[] = []
  for (const k of new Set([...real.keys(), ...ours.keys()])) {
    const [a, b] = [ours.get(k) ?? zero, real.get(k) ?? zero]
    if (a !== b) bad.push(`IncidentDailyStat ${k} is [${a}], a scan of the incidents gives [${b}] (created acknowledged ackMs resolved resolveMs alerts)`)
  }
  return bad
}
