// Every write to an incident: the incident row, its timeline events and the maintained counts,
// all or nothing: in one transaction, or (a create or a change on PostgreSQL) in one statement.
// Plain statements rather than Prisma model calls: inside an interactive transaction a model call
// costs a millisecond or more of client work per statement, which bounds how many creates per
// second the one SQLite writer can commit.
import { Prisma, RetryTransaction, type Db, type Tx } from '@/lib/db/client'
import { isForeignKeyViolation, isNotNullViolation } from '@/lib/db/errors'
import { inGroupCommit } from '@/lib/db/groupCommit'
import { execute, queryRows } from '@/lib/db/statements'
import { invalidField } from '@/lib/errors'
import { newId } from '@/lib/ids'
import type { Actor } from '@/lib/schemas/incidents'
import type { Status } from '@/lib/schemas/enums'
import { emailOutboxInsert, outboxInsert } from '@/lib/notify/store/outbox'
import type { EscalationMark } from '@/lib/escalation/rules/engine'
import { applied, type Change, type PendingEvent } from '../rules/plan'
import type { IncidentRow } from '../rules/serialize'
import { isActive } from '../rules/transitions'
import { countStatements, moveCountStatements } from './counts'
import { dueWhileEscalating, escalationColumns } from './escalation'
import { dailyStatStatements, movesAlerts } from './dailyStats'
import { findRow, type Reader } from './reads'
import { searchText } from './searchText'

/** Events with the ids they are stored under, known before the write so the outbox can name them. */
type IdentifiedEvent = PendingEvent & { id: string }
const identified = (events: PendingEvent[]): IdentifiedEvent[] => events.map((e) => ({ ...e, id: newId('evt') }))

function eventsSql(incidentId: string | Prisma.Sql, actor: Actor, at: Date, events: IdentifiedEvent[]): Prisma.Sql {
  const rows = events.map((e) => {
    const a = e.actor ?? actor
    return Prisma.sql`(${e.id}, ${incidentId}, ${e.type}, ${e.at ?? at}, ${a.type}, ${a.id ?? null}, ${a.name}, ${JSON.stringify(e.details)})`
  })
  return Prisma.sql`INSERT INTO "TimelineEvent" ("id", "incidentId", "type", "at", "actorType", "actorId", "actorName", "details")
      VALUES ${Prisma.join(rows)}`
}

/** A write statement and its RETURNING list (1 when it returns nothing of interest). */
interface Part {
  sql: Prisma.Sql
  returning?: Prisma.Sql
  /** Writes one row or, having lost to a concurrent writer, none. */
  compareAndSet?: true
}

const withReturning = (p: Part) => Prisma.sql`${p.sql} RETURNING ${p.returning ?? Prisma.raw('1')}`

const userOf = (actor: Actor) => (actor.type === 'user' ? (actor.id ?? null) : null)

/** The events' part and, when they send webhooks or emails, the outbox parts storing those messages (lib/notify). */
function eventParts(
  provider: Db['provider'],
  incident: { id: string; serviceId: string },
  incidentId: string | Prisma.Sql,
  actor: Actor,
  at: Date,
  pending: PendingEvent[],
): Part[] {
  // A change that only moves escalation's due time writes no event.
  if (!pending.length) return []
  const events = identified(pending)
  const outbox = outboxInsert(provider, incident, events, at)
  const emails = emailOutboxInsert(provider, incident.id, events.map((e) => ({ ...e, actorUserId: userOf(e.actor ?? actor) })), at)
  return [{ sql: eventsSql(incidentId, actor, at, events) }, ...[outbox, emails].flatMap((sql) => (sql ? [{ sql }] : []))]
}

/**
 * PostgreSQL: write statements chained into one (a data-modifying WITH), so a write is one round
 * trip and, when nothing else is written with it, needs no BEGIN and COMMIT either: round trips
 * were most of a create's and an acknowledge's cost, in the app and the database alike. Part k is
 * named "s<k>"; a later part may read an earlier one's RETURNING. The final SELECT reads `results`
 * and then every part, left to right, and each part runs when first read, so rows are locked in
 * the order of the parts, as by one statement after another. Foreign keys and the change
 * counter's trigger act at the end of the statement.
 */
function chained(parts: Part[], results?: Prisma.Sql): Prisma.Sql {
  const name = (k: number) => Prisma.raw(`"s${k}"`)
  const ctes = parts.map((p, k) => Prisma.sql`${name(k)} AS (${withReturning(p)})`)
  const reads = parts.map((_, k) => Prisma.sql`(SELECT count(*) FROM ${name(k)}) AS ${Prisma.raw(`"written${k}"`)}`)
  return Prisma.sql`WITH ${Prisma.join(ctes)} SELECT ${Prisma.join(results ? [results, ...reads] : reads)}`
}

/**
 * The next incident number and the service's name (null: no such service). The counter row is
 * made on first use, so a database that never had an incident starts at 1.
 */
const nextNumber = (serviceId: string): Part => ({
  sql: Prisma.sql`INSERT INTO "Counter" ("name", "value") VALUES ('incident', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = "Counter"."value" + 1`,
  returning: Prisma.sql`"value" AS "number", (SELECT "name" FROM "Service" WHERE "id" = ${serviceId}) AS "serviceName"`,
})

interface Numbered {
  number: number | bigint
  serviceName: string | null
}

/** A chained create that broke a foreign key: the reference it names does not exist (any more). */
function foreignKeyToField(e: unknown): unknown {
  const violation = isForeignKeyViolation(e)
  if (!violation) return e
  return violation.constraint === 'Incident_assigneeId_fkey'
    ? invalidField('assigneeId', 'no user with this id')
    : invalidField('serviceId', 'no service with this id')
}

/** A new incident (OPEN, version 1, created and updated at `createdAt`) before it has its number. */
export type NewIncident = Omit<IncidentRow, 'number' | 'service'> & { escalation?: EscalationMark }

/**
 * Stores a new incident with its events, numbered and counted. `within` runs in the same
 * transaction, with the incident as stored (an Idempotency-Key's answer is recorded there). On
 * SQLite the hooks may run twice, as any write in a group commit may (lib/db/groupCommit.ts).
 */
export async function insertIncident(
  db: Db,
  incident: NewIncident,
  events: { actor: Actor; list: PendingEvent[] },
  hooks: {
    /** Runs first in the create's transaction; throwing ends it with nothing written. */
    before?: (tx: Tx) => Promise<void>
    /** Runs last in the create's transaction, with the row about to be answered. */
    within?: (tx: Tx, row: IncidentRow) => Promise<void>
    /**
     * Statements written with the incident, all or nothing (the alert that opened it). `chained`:
     * they run inside the create's one PostgreSQL statement, seeing the tables as they were before it.
     */
    alongside?: (chained: boolean) => Prisma.Sql[]
  } = {},
): Promise<IncidentRow> {
  const { before, within, alongside } = hooks
  const now = incident.createdAt
  // After the number, the counts before the incident: every writer takes the rows they all share
  // in one order (the incident number, counts, then the change counter that writing an incident
  // bumps), or two of them could each hold the row the other waits for (see changeParts).
  const writes = (number: number | Prisma.Sql): Part[] => [
    ...countStatements({ serviceId: incident.serviceId, createdAt: now }, [['OPEN', 1]]).map((sql) => ({ sql })),
    ...dailyStatStatements(null, incident).map((sql) => ({ sql })),
    {
      sql: Prisma.sql`INSERT INTO "Incident" ("id", "number", "title", "titleSearch", "description", "status", "active",
        "urgency", "priority", "serviceId", "assigneeId", "createdAt", "updatedAt", "version",
        "dedupKey", "openDedupKey", "alertCount", "lastAlertAt", "source", "escalationDueAt")
      VALUES (${incident.id}, ${number}, ${incident.title}, ${searchText(incident.title)}, ${incident.description}, 'OPEN', ${true},
        ${incident.urgency}, ${incident.priority}, ${incident.serviceId}, ${incident.assigneeId}, ${now}, ${now}, 1,
        ${incident.dedupKey}, ${incident.dedupKey}, ${incident.alertCount}, ${incident.lastAlertAt}, ${incident.source},
        ${dueWhileEscalating(db.provider, incident.serviceId, incident.escalation?.dueAt ?? null)})`,
    },
    ...eventParts(db.provider, incident, incident.id, events.actor, now, events.list),
  ]
  // Every column is known here, so the row is not read back after the insert.
  const stored = ({ number, serviceName }: Numbered): IncidentRow => {
    if (serviceName === null) throw invalidField('serviceId', 'no service with this id')
    return { ...incident, number: Number(number), service: { id: incident.serviceId, name: serviceName } }
  }

  if (db.provider === 'postgresql') {
    // One statement, the alerts alongside included: a create holds the rows every create shares
    // (the number, the counts) for one round trip, not for a transaction's several.
    const extra = (alongside?.(true) ?? []).map((sql) => ({ sql }))
    const statement = chained(
      [nextNumber(incident.serviceId), ...writes(Prisma.sql`(SELECT "number" FROM "s0")`), ...extra],
      Prisma.sql`(SELECT "number" FROM "s0") AS "number", (SELECT "serviceName" FROM "s0") AS "serviceName"`,
    )
    try {
      if (!before && !within) return await db.atomic(async (write) => stored((await write<Numbered>(statement))[0]!))
      return await db.transaction(async (tx) => {
        await before?.(tx)
        const row = stored((await queryRows<Numbered>(tx, statement))[0]!)
        await within?.(tx, row)
        return row
      })
    } catch (e) {
      throw foreignKeyToField(e)
    }
  }
  // SQLite: written together with the creates and folds around it (lib/db/groupCommit.ts).
  return inGroupCommit(db, async (tx) => {
    await before?.(tx)
    const [numbered] = await queryRows<Numbered>(tx, withReturning(nextNumber(incident.serviceId)))
    const row = stored(numbered!)
    for (const part of writes(row.number)) await execute(tx, part.sql)
    for (const sql of alongside?.(false) ?? []) await execute(tx, sql)
    await within?.(tx, row)
    return row
  })
}

/** The columns a change writes: its fields, and the ones derived from them for the indexes. */
function columnsOf(row: IncidentRow, change: Change): Record<string, unknown> {
  const columns: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(change.fields)) {
    columns[field] = value
    if (field === 'status') columns.active = isActive(value as Status)
    // Only an unresolved incident holds its dedup key (the unique index over it decides folding).
    if (field === 'status' && row.dedupKey !== null) columns.openDedupKey = isActive(value as Status) ? row.dedupKey : null
    if (field === 'title') columns.titleSearch = searchText(value as string)
  }
  return columns
}

/**
 * The writes of a change, in the order every writer takes the rows they share: the counts it
 * moves, the incident itself — a compare-and-set, which writes only if nobody changed the incident
 * since `row` was read, and bumps the change counter (a trigger), the one row every writer shares
 * — then its events. The same order in insertIncident, or a create and an acknowledge could each
 * hold the row the other waits for. `incidentId`: the incident's id, or (chained) the expression
 * that reads it from the compare-and-set's RETURNING, so a lost compare-and-set writes no event.
 */
function changeParts(
  provider: Db['provider'],
  row: IncidentRow,
  change: Change,
  incidentId: (set: number) => string | Prisma.Sql,
): Part[] {
  const { fields, now } = change
  const after = applied(row, change)
  const counts = [
    ...(fields.status === undefined ? [] : moveCountStatements(row, row.status, fields.status)),
    ...dailyStatStatements(row, after),
  ]
  // Column names come from the change's own field names, never from input.
  const columns = { ...columnsOf(row, change), ...escalationColumns(provider, row.serviceId, change.escalation) }
  const set = Object.entries({ ...columns, updatedAt: now, version: row.version + 1 }).map(
    ([column, value]) => Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}`,
  )
  return [
    ...counts.map((sql) => ({ sql })),
    {
      sql: Prisma.sql`UPDATE "Incident" SET ${Prisma.join(set)} WHERE "id" = ${row.id} AND "version" = ${row.version}${
        movesAlerts(row, after) ? Prisma.sql` AND "alertCount" = ${row.alertCount}` : Prisma.empty
      }`,
      returning: Prisma.sql`"id"`,
      compareAndSet: true,
    },
    ...eventParts(provider, row, incidentId(counts.length), change.actor, now, change.events),
  ]
}

/** Writes a change in a transaction, one statement after another; a lost compare-and-set starts over. */
async function writeChange(provider: Db['provider'], tx: Tx, row: IncidentRow, change: Change): Promise<IncidentRow> {
  for (const part of changeParts(provider, row, change, () => row.id)) {
    const written = await execute(tx, part.sql)
    // A lost compare-and-set: the retry undoes the counts with it.
    if (part.compareAndSet && written !== 1) throw new RetryTransaction()
  }
  return applied(row, change)
}

/** PostgreSQL: the compare-and-set of a chained change lost, so its event had no incident id. */
function lostCompareAndSet(e: unknown): unknown {
  const violation = isNotNullViolation(e)
  return violation && violation.table === 'TimelineEvent' && violation.column === 'incidentId' ? new RetryTransaction() : e
}

/** How a command changes one incident; the store calls these inside the change's transaction. */
export interface Update<Read extends { row: IncidentRow }> {
  /** The incident to change, checked (throws to refuse), with whatever else the change needs. */
  read(reader: Reader): Promise<Read>
  /** A change that must be written first (a snooze that has run out), or null. */
  before(row: IncidentRow, now: Date): Change | null
  /** The change itself, or null when nothing changes. */
  change(read: Read, row: IncidentRow, now: Date): Change | null
  /**
   * Statements written with the change, all or nothing (an alert that caused it), only when there
   * is one. `chained`: they run inside the change's one PostgreSQL statement, seeing the tables as
   * they were before it.
   */
  alongside?(now: Date, chained: boolean): Prisma.Sql[]
}

/**
 * Applies an update to one incident; `clock` is read after the incident, and again on every
 * attempt, so an event is never stamped earlier than the change it follows in the timeline.
 */
export async function updateIncidentRow<Read extends { row: IncidentRow }>(db: Db, update: Update<Read>, clock: () => Date): Promise<IncidentRow> {
  if (db.provider === 'postgresql') {
    // Read, then one chained statement whose compare-and-set makes the read as good as a lock.
    const done = await db.atomic(async (write) => {
      const read = await update.read(db.read)
      const now = clock()
      // A change that must come first is written in the change's transaction (below).
      if (update.before(read.row, now)) return null
      const change = update.change(read, read.row, now)
      if (!change) return read.row
      const parts = changeParts(db.provider, read.row, change, (set) => Prisma.sql`(SELECT "id" FROM ${Prisma.raw(`"s${set}"`)})`)
      const extra = (update.alongside?.(now, true) ?? []).map((sql) => ({ sql }))
      await write(chained([...parts, ...extra])).catch((e) => {
        throw lostCompareAndSet(e)
      })
      return applied(read.row, change)
    })
    if (done) return done
  }
  return db.transaction(async (tx) => {
    const read = await update.read(tx)
    const now = clock()
    const first = update.before(read.row, now)
    const row = first ? await writeChange(db.provider, tx, read.row, first) : read.row
    const change = update.change(read, row, now)
    if (!change) return row
    const changed = await writeChange(db.provider, tx, row, change)
    for (const sql of update.alongside?.(now, false) ?? []) await execute(tx, sql)
    return changed
  })
}

/** Writes `plan`'s change to incident `id`, if it still exists and `plan` has one; returns whether it wrote. */
export async function changeIfNeeded(db: Db, id: string, plan: (row: IncidentRow) => Change | null): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await findRow(tx, id)
    const change = row && plan(row)
    if (!row || !change) return false
    await writeChange(db.provider, tx, row, change)
    return true
  })
}
