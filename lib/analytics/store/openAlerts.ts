// The alerts of the unresolved incidents, which the daily aggregate leaves out (it counts an
// incident's alerts once it is resolved: lib/incidents/store/dailyStats.ts). Summed when read,
// from the few active incidents through the (active, createdAt) index, never a scan of all.
import { Prisma } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import type { Reader } from '@/lib/incidents/store'
import { dayStart } from '../rules/range'

const { sql, join, empty } = Prisma

/** The alerts folded into the unresolved incidents of each service created in the days [from, to]. */
export async function openAlertsPerService(reader: Reader, from: number, to: number, serviceIds?: string[]): Promise<Map<string, number>> {
  const rows = await queryRows<{ serviceId: string; alerts: number | bigint | string }>(
    reader,
    sql`SELECT "serviceId", SUM("alertCount") AS "alerts" FROM "Incident"
      WHERE "active" = ${true} AND "createdAt" >= ${dayStart(from)} AND "createdAt" < ${dayStart(to + 1)} AND "alertCount" > 0
      ${serviceIds ? sql`AND "serviceId" IN (${join([...new Set(serviceIds)])})` : empty}
      GROUP BY "serviceId"`,
  )
  return new Map(rows.map((r) => [r.serviceId, Number(r.alerts)]))
}
