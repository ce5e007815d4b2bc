// The analytics aggregate: per (service, UTC day of createdAt), how many incidents were created,
// how many of them are acknowledged and resolved, the sums of their times to acknowledge and to
// resolve (ms), and the alerts folded into the resolved ones. Kept in step with every write in the
// writer's own transaction (or chained statement), as counts.ts keeps the list's totals, so the
// analytics read a few thousand rows at most instead of scanning incidents.
//
// What counts follows the incident as the model keeps it: an incident is acknowledged while its
// acknowledgedAt is set (the first acknowledgement since it last became OPEN; a reopen or an
// un-acknowledge clears it, and the incident leaves the acknowledged sums), and resolved while
// its resolvedAt is set. So the aggregate always equals a plain scan of the incidents as they are.
//
// Alerts count in only once their incident is resolved: a fold then writes the incident alone,
// not also its day's row, which every sender of a storm would otherwise queue on (one row per
// service and day). The unresolved incidents' alerts are summed when analytics are read
// (lib/analytics/store/openAlerts.ts): they are the few active incidents, found by an index.
import { Prisma, type Tx } from '@/lib/db/client'
import { execute } from '@/lib/db/statements'

export const DAY_MS = 86_400_000

/** The UTC day of an instant, counted from the epoch (negative before 1970). */
export const dayOf = (at: Date) => Math.floor(at.getTime() / DAY_MS)

/** What the aggregate needs to know of an incident (serviceId and createdAt never change). */
export interface Tallied {
  serviceId: string
  createdAt: Date
  acknowledgedAt: Date | null
  resolvedAt: Date | null
  alertCount: number
}

const COLUMNS = ['created', 'acknowledged', 'ackMs', 'resolved', 'resolveMs', 'alerts'] as const
type Tally = Record<(typeof COLUMNS)[number], number>

/** One incident's share of its day's row; none when it does not exist. */
function tally(i: Tallied | null): Tally {
  const since = (at: Date | null) => (at && i ? at.getTime() - i.createdAt.getTime() : 0)
  return {
    created: i ? 1 : 0,
    acknowledged: i?.acknowledgedAt ? 1 : 0,
    ackMs: since(i?.acknowledgedAt ?? null),
    resolved: i?.resolvedAt ? 1 : 0,
    resolveMs: since(i?.resolvedAt ?? null),
    alerts: i?.resolvedAt ? i.alertCount : 0,
  }
}

/**
 * The statement that moves an incident's share of its day from `before` to `after` (null: it does
 * not exist), or none when the change does not touch what the aggregate sums (an assignment, a
 * title, a snooze). One upsert: the row is made by the first incident of its service that day.
 * Both states are of one incident on one day: serviceId and createdAt never change.
 */
export function dailyStatStatements(before: Tallied | null, after: Tallied | null): Prisma.Sql[] {
  const [b, a] = [tally(before), tally(after)]
  const delta = COLUMNS.map((c) => a[c] - b[c])
  const at = after ?? before
  if (!at || delta.every((d) => d === 0)) return []
  const columns = Prisma.raw(COLUMNS.map((c) => `"${c}"`).join(', '))
  const sets = Prisma.raw(COLUMNS.map((c) => `"${c}" = "IncidentDailyStat"."${c}" + excluded."${c}"`).join(', '))
  return [
    Prisma.sql`INSERT INTO "IncidentDailyStat" ("serviceId", "day", ${columns})
      VALUES (${at.serviceId}, ${dayOf(at.createdAt)}, ${Prisma.join(delta)})
      ON CONFLICT ("serviceId", "day") DO UPDATE SET ${sets}`,
  ]
}

/**
 * Whether a change from `before` to `after` moves the incident's alerts into or out of the
 * aggregate. Such a change must also compare-and-set `alertCount`: folds do not bump `version`,
 * so a fold between reading the incident and writing the change would otherwise go uncounted.
 */
export const movesAlerts = (before: Tallied, after: Tallied) => tally(before).alerts !== tally(after).alerts

/** Moves an incident's share of the aggregate, in a transaction of the caller's. */
export async function adjustDailyStat(tx: Tx, before: Tallied | null, after: Tallied | null): Promise<void> {
  for (const statement of dailyStatStatements(before, after)) await execute(tx, statement)
}
