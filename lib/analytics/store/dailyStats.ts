// Reads of the analytics aggregate (IncidentDailyStat, kept by lib/incidents/store/dailyStats.ts
// with every incident change): sums over a range of days, per day and per service. A year of 50
// services is ~18k rows, read from an index that holds every summed column (no row lookups);
// incidents are never scanned.
import { Prisma } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import type { Reader } from '@/lib/incidents/store'

const { sql, join, empty } = Prisma

/** Sums over some days of some services; numbers whatever the driver hands back (bigint, numeric text). */
export interface Sums {
  created: number
  acknowledged: number
  ackMs: number
  resolved: number
  resolveMs: number
  alerts: number
}

type Raw<T> = { [K in keyof T]: T[K] | bigint | string }
const SUMS = sql`SUM("created") AS "created", SUM("acknowledged") AS "acknowledged", SUM("ackMs") AS "ackMs",
  SUM("resolved") AS "resolved", SUM("resolveMs") AS "resolveMs", SUM("alerts") AS "alerts"`

function numbers<T extends object>(row: Raw<T>, text: (keyof T)[] = []): T {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, text.includes(k as keyof T) ? v : Number(v)])) as T
}

const where = (from: number, to: number, serviceIds?: string[]) =>
  sql`WHERE d."day" BETWEEN ${from} AND ${to}${serviceIds ? sql` AND d."serviceId" IN (${join([...new Set(serviceIds)])})` : empty}`

/** The sums of each day of [from, to] that has incidents, by day. */
export async function sumsPerDay(reader: Reader, from: number, to: number, serviceIds?: string[]): Promise<(Sums & { day: number })[]> {
  const rows = await queryRows<Raw<Sums & { day: number }>>(
    reader,
    sql`SELECT d."day" AS "day", ${SUMS} FROM "IncidentDailyStat" d ${where(from, to, serviceIds)} GROUP BY d."day"`,
  )
  return rows.map((r) => numbers(r))
}

/** The sums of each service with incidents created in [from, to], by name. */
export async function sumsPerService(
  reader: Reader,
  from: number,
  to: number,
  serviceIds?: string[],
): Promise<(Sums & { id: string; name: string })[]> {
  const rows = await queryRows<Raw<Sums & { id: string; name: string }>>(
    reader,
    sql`SELECT s."id" AS "id", s."name" AS "name", ${SUMS} FROM "IncidentDailyStat" d JOIN "Service" s ON s."id" = d."serviceId"
      ${where(from, to, serviceIds)} GROUP BY s."id", s."name" HAVING SUM(d."created") > 0 ORDER BY s."name", s."id"`,
  )
  return rows.map((r) => numbers(r, ['id', 'name']))
}
