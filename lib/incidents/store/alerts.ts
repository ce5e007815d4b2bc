// The alerts folded into incidents: the fold itself (a counter bump on the unresolved incident
// holding the key) and the bounded list of alerts each incident keeps.
import { Prisma, type Db, type Tx } from '@/lib/db/client'
import { inGroupCommit } from '@/lib/db/groupCommit'
import { execute, queryRows } from '@/lib/db/statements'
import { newId } from '@/lib/ids'
import type { Reader } from './reads'

/** The newest alerts kept per incident; older ones are dropped as new ones arrive. */
export const ALERTS_KEPT = 100

export interface AlertRecord {
  action: string
  summary: string | null
  severity: string | null
  source: string | null
  details: Record<string, unknown>
}

export interface StoredAlert extends Omit<AlertRecord, 'details'> {
  receivedAt: Date
  details: string
}

/**
 * The statements recording an alert on an incident and dropping what falls past the newest
 * ALERTS_KEPT. `incidentId`: an id, or (chained) an expression reading it from an earlier part of
 * the same statement, NULL when that part wrote nothing (then these write nothing either).
 * `chained`: run within one statement, the delete does not see the new row, so it keeps one fewer
 * of the older ones.
 */
export function alertWrites(incidentId: string | Prisma.Sql, at: Date, alert: AlertRecord, chained = false): Prisma.Sql[] {
  const values = Prisma.sql`${newId('alr', at.getTime())}, ${incidentId}, ${at}, ${alert.action}, ${alert.summary}, ${alert.severity}, ${alert.source}, ${JSON.stringify(alert.details)}`
  return [
    Prisma.sql`INSERT INTO "Alert" ("id", "incidentId", "receivedAt", "action", "summary", "severity", "source", "details")
      ${typeof incidentId === 'string' ? Prisma.sql`VALUES (${values})` : Prisma.sql`SELECT ${values} WHERE ${incidentId} IS NOT NULL`}`,
    Prisma.sql`DELETE FROM "Alert" WHERE "incidentId" = ${incidentId} AND "id" NOT IN (
      SELECT "id" FROM "Alert" WHERE "incidentId" = ${incidentId} ORDER BY "receivedAt" DESC, "id" DESC LIMIT ${chained ? ALERTS_KEPT - 1 : ALERTS_KEPT})`,
  ]
}

/** Records an alert on an incident and drops what falls past the newest ALERTS_KEPT. */
export async function recordAlert(tx: Tx, incidentId: string, at: Date, alert: AlertRecord): Promise<void> {
  for (const sql of alertWrites(incidentId, at, alert)) await execute(tx, sql)
}

/**
 * Folds a trigger into the unresolved incident of `serviceId` holding `dedupKey`: alertCount + 1
 * and lastAlertAt, nothing else (no version bump, so a storm never fails a responder's
 * acknowledge on its compare-and-set). Returns the incident's id, or null when none holds it.
 */
export async function foldAlert(db: Db, serviceId: string, dedupKey: string, at: Date, alert: AlertRecord): Promise<string | null> {
  const fold = Prisma.sql`UPDATE "Incident" SET "alertCount" = "alertCount" + 1, "lastAlertAt" = ${at}
    WHERE "serviceId" = ${serviceId} AND "openDedupKey" = ${dedupKey} RETURNING "id"`
  if (db.provider === 'postgresql') {
    // One statement (a data-modifying WITH): one round trip, no BEGIN and COMMIT, so a storm's
    // folds hold each incident's row for the least time.
    const [insert, trim] = alertWrites(Prisma.sql`(SELECT "id" FROM "f")`, at, alert, true)
    return db.atomic(async (write) => {
      const [row] = await write<{ id: string }>(Prisma.sql`WITH "f" AS (${fold}), "a" AS (${insert}), "d" AS (${trim}) SELECT "id" FROM "f"`)
      return row?.id ?? null
    })
  }
  // SQLite: written together with the folds and creates around it (lib/db/groupCommit.ts).
  return inGroupCommit(db, async (tx) => {
    const [row] = await queryRows<{ id: string }>(tx, fold)
    if (!row) return null
    await recordAlert(tx, row.id, at, alert)
    return row.id
  })
}

/** The unresolved incident of `serviceId` holding `dedupKey`, if any. */
export async function findOpenByKey(reader: Reader, serviceId: string, dedupKey: string): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    reader,
    Prisma.sql`SELECT "id" FROM "Incident" WHERE "serviceId" = ${serviceId} AND "openDedupKey" = ${dedupKey}`,
  )
  return row?.id ?? null
}

/** Records an acknowledge or resolve that changed nothing, in its own transaction. */
export const recordAlertOn = (db: Db, incidentId: string, at: Date, alert: AlertRecord) => db.transaction((tx) => recordAlert(tx, incidentId, at, alert))

/** The newest alerts of an incident, newest first (null: no such incident). */
export async function listAlerts(reader: Reader, incidentId: string): Promise<StoredAlert[] | null> {
  const [exists] = await queryRows<{ id: string }>(reader, Prisma.sql`SELECT "id" FROM "Incident" WHERE "id" = ${incidentId}`)
  if (!exists) return null
  return queryRows<StoredAlert>(
    reader,
    Prisma.sql`SELECT "receivedAt", "action", "summary", "severity", "source", "details" FROM "Alert"
      WHERE "incidentId" = ${incidentId} ORDER BY "receivedAt" DESC, "id" DESC LIMIT ${ALERTS_KEPT}`,
  )
}
