// Every change to an incident: create, update and the snooze wake-up. Each writes the change, its
// timeline events and the maintained totals together, all or nothing: in one transaction, or
// (a create on PostgreSQL) in one statement.
import { Prisma, RetryTransaction, type Db, type PrismaDb, type Tx } from '@/lib/db/client'
import { execute, queryRows } from '@/lib/db/statements'
import { AppError, invalidField, notFound } from '@/lib/errors'
import { MAX_ID_LENGTH, newId } from '@/lib/ids'
import type { Actor, CreateIncidentInput, Incident, TimelineEventType, UpdateIncidentInput } from '@/lib/schemas/incidents'
import type { Status } from '@/lib/schemas/enums'
import { SYSTEM_ACTOR, actorColumns } from './actor'
import { countStatements, moveCount } from './counts'
import { searchText } from './searchText'
import { rowByIdSql, toRow, type FlatRow } from './rowSql'
import { etagOf, toIncident, type IncidentRow } from './serialize'
import { isActive, isDueToWake, planStatusChange, planWake, type StatusFields } from './transitions'

export interface IncidentResult {
  incident: Incident
  etag: string
}

interface PendingEvent {
  type: TimelineEventType
  details: Record<string, unknown>
  at?: Date
  actor?: Actor
}

// Plain statements for the writes every command makes (events, counters): a Prisma model call
// inside an interactive transaction costs a millisecond or more of client work per statement,
// which bounds how many creates per second the one SQLite writer can commit
// (docs/performance.md, "Create").
function eventsSql(incidentId: string, actor: Actor, at: Date, events: PendingEvent[]): Prisma.Sql {
  const rows = events.map((e) => {
    const a = actorColumns(e.actor ?? actor)
    return Prisma.sql`(${newId('evt')}, ${incidentId}, ${e.type}, ${e.at ?? at}, ${a.actorType}, ${a.actorId}, ${a.actorName}, ${JSON.stringify(e.details)})`
  })
  return Prisma.sql`INSERT INTO "TimelineEvent" ("id", "incidentId", "type", "at", "actorType", "actorId", "actorName", "details")
      VALUES ${Prisma.join(rows)}`
}

async function writeEvents(tx: Tx, incidentId: string, actor: Actor, at: Date, events: PendingEvent[]) {
  if (events.length) await execute(tx, eventsSql(incidentId, actor, at, events))
}

async function requireUser(db: PrismaDb | Tx, field: string, id: string) {
  const user = await db.user.findUnique({ where: { id }, select: { id: true, name: true, email: true, disabledAt: true } })
  if (!user) throw invalidField(field, 'no user with this id')
  if (user.disabledAt) throw invalidField(field, 'this user is disabled')
  return user
}

/**
 * The next incident number and the service's name (null: no such service), in one statement.
 * The counter row is made on first use, so a database that never had an incident starts at 1.
 */
const nextNumberSql = (serviceId: string) =>
  Prisma.sql`INSERT INTO "Counter" ("name", "value") VALUES ('incident', 1)
    ON CONFLICT ("name") DO UPDATE SET "value" = "Counter"."value" + 1
    RETURNING "value" AS "number", (SELECT "name" FROM "Service" WHERE "id" = ${serviceId}) AS "serviceName"`

interface Numbered {
  number: number | bigint
  serviceName: string | null
}

/**
 * PostgreSQL: the statements of a create chained into one (a data-modifying WITH), so a create is
 * one round trip and, without an Idempotency-Key to record, needs no BEGIN and COMMIT either:
 * seven round trips were most of a create's cost in the app and the database alike
 * (docs/performance.md, "Create"). Each part runs when the final SELECT first reads it, left to
 * right, so rows are taken in the same order as one statement after another: the number, the
 * counts, the incident (whose trigger bumps the change counter, at the end of the statement),
 * its event. Foreign keys are checked at the end of the statement too: an unknown service fails
 * the whole statement (foreignKeyToField) instead of returning a null name.
 */
function chained(first: Prisma.Sql, rest: Prisma.Sql[]): Prisma.Sql {
  const name = (i: number) => Prisma.raw(`"s${i}"`)
  const parts = rest.map((s, i) => Prisma.sql`${name(i + 1)} AS (${s} RETURNING 1)`)
  const reads = rest.map((_, i) => Prisma.sql`(SELECT count(*) FROM ${name(i + 1)})`)
  return Prisma.sql`WITH ${name(0)} AS (${first}), ${Prisma.join(parts)}
    SELECT "number", "serviceName", ${Prisma.join(reads)} FROM ${name(0)}`
}

/** A chained create that broke a foreign key: the reference it names does not exist (any more). */
function foreignKeyToField(e: unknown): unknown {
  const err = e as { code?: string; constraint?: string }
  if (err?.code !== '23503') return e
  return err.constraint === 'Incident_assigneeId_fkey'
    ? invalidField('assigneeId', 'no user with this id')
    : invalidField('serviceId', 'no service with this id')
}

export async function createIncident(
  db: Db,
  actor: Actor,
  input: CreateIncidentInput,
  opts: { within?: (tx: Tx, result: IncidentResult) => Promise<void>; now?: Date } = {},
): Promise<IncidentResult> {
  const now = opts.now ?? new Date()
  const assignee = input.assigneeId ? await requireUser(db.read, 'assigneeId', input.assigneeId) : null
  const id = newId('inc', now.getTime())
  const created: PendingEvent = {
    type: 'created',
    details: {
      title: input.title,
      status: 'OPEN',
      urgency: input.urgency,
      priority: input.priority ?? null,
      serviceId: input.serviceId,
      assigneeId: input.assigneeId ?? null,
    },
  }
  // The counts before the incident: every writer takes the rows they all share in one order
  // (the incident number, counts, then the change counter that writing an incident bumps), or two
  // of them could each hold the row the other waits for (see writeChange).
  const writes = (number: number | Prisma.Sql) => [
    ...countStatements({ serviceId: input.serviceId, createdAt: now }, [['OPEN', 1]]),
    Prisma.sql`INSERT INTO "Incident" ("id", "number", "title", "titleSearch", "description", "status", "active",
        "urgency", "priority", "serviceId", "assigneeId", "createdAt", "updatedAt", "version")
      VALUES (${id}, ${number}, ${input.title}, ${searchText(input.title)}, ${input.description ?? null}, 'OPEN', ${true},
        ${input.urgency}, ${input.priority ?? null}, ${input.serviceId}, ${input.assigneeId ?? null}, ${now}, ${now}, 1)`,
    eventsSql(id, actor, now, [created]),
  ]
  // Every column is known here, so the row is not read back after the insert.
  const result = ({ number, serviceName }: Numbered): IncidentResult => {
    if (serviceName === null) throw invalidField('serviceId', 'no service with this id')
    const row: IncidentRow = {
      id,
      number: Number(number),
      title: input.title,
      description: input.description ?? null,
      status: 'OPEN',
      urgency: input.urgency,
      priority: input.priority ?? null,
      createdAt: now,
      updatedAt: now,
      acknowledgedAt: null,
      resolvedAt: null,
      snoozedUntil: null,
      version: 1,
      serviceId: input.serviceId,
      assigneeId: input.assigneeId ?? null,
      service: { id: input.serviceId, name: serviceName },
      assignee: assignee && { id: assignee.id, name: assignee.name, email: assignee.email },
    }
    return { incident: toIncident(row), etag: etagOf(row) }
  }

  if (db.provider === 'postgresql') {
    const statement = chained(nextNumberSql(input.serviceId), writes(Prisma.sql`(SELECT "number" FROM "s0")`))
    const within = opts.within
    try {
      if (!within) return result((await db.atomic<Numbered>(statement))[0]!)
      return await db.transaction(async (tx) => {
        const done = result((await queryRows<Numbered>(tx, statement))[0]!)
        await within(tx, done)
        return done
      })
    } catch (e) {
      throw foreignKeyToField(e)
    }
  }
  return db.transaction(async (tx) => {
    const [numbered] = await queryRows<Numbered>(tx, nextNumberSql(input.serviceId))
    const done = result(numbered!)
    for (const statement of writes(done.incident.number)) await execute(tx, statement)
    await opts.within?.(tx, done)
    return done
  })
}

async function findRow(tx: Tx, id: string): Promise<IncidentRow | null> {
  const [row] = await queryRows<FlatRow>(tx, rowByIdSql(id))
  return row ? toRow(row) : null
}

async function loadForUpdate(tx: Tx, id: string): Promise<IncidentRow> {
  if (!id || id.length > MAX_ID_LENGTH) throw notFound('incident')
  const row = await findRow(tx, id)
  if (!row) throw notFound('incident')
  return row
}

/** The columns a change may write (names in SQL come from this list, never from input). */
type IncidentColumn = keyof StatusFields | 'active' | 'assigneeId' | 'urgency' | 'priority' | 'title' | 'titleSearch' | 'description'
type ChangeData = Partial<Record<IncidentColumn, unknown>>

/** Writes `fields` only if nobody changed the incident since `row` was read; else start over. */
async function compareAndSet(tx: Tx, row: IncidentRow, data: ChangeData, now: Date) {
  const set = Object.entries({ ...data, updatedAt: now, version: row.version + 1 }).map(
    ([column, value]) => Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}`,
  )
  const changed = await execute(
    tx,
    Prisma.sql`UPDATE "Incident" SET ${Prisma.join(set)} WHERE "id" = ${row.id} AND "version" = ${row.version}`,
  )
  if (changed !== 1) throw new RetryTransaction()
}

function statusColumns(f: StatusFields) {
  return { ...f, active: isActive(f.status) }
}

interface Change {
  data: ChangeData
  events: PendingEvent[]
  actor: Actor
  now: Date
  /** The new assignee's public fields, when `data` sets one. */
  assignee?: IncidentRow['assignee']
}

/**
 * Writes a change: its events, the counts it moves, then the incident itself, and returns the
 * incident as it now is. The incident's write comes last because it bumps the change counter (a
 * trigger), the one row every writer shares, which PostgreSQL then holds until the commit: the
 * fewer round trips after it, the more writers get through per second. Counts before the counter,
 * as in createIncident: the same order everywhere, or a create and an acknowledge would deadlock.
 * Should the compare-and-set lose, the retry undoes the events and counts with it.
 */
async function writeChange(tx: Tx, row: IncidentRow, change: Change): Promise<IncidentRow> {
  const { data, now } = change
  await writeEvents(tx, row.id, change.actor, now, change.events)
  if (data.status !== undefined) await moveCount(tx, row, row.status, data.status as Status)
  await compareAndSet(tx, row, data, now)
  return {
    ...row,
    ...(data as Partial<IncidentRow>),
    updatedAt: now,
    version: row.version + 1,
    assignee: data.assigneeId === undefined ? row.assignee : (change.assignee ?? null),
  }
}

async function wakeInTx(tx: Tx, row: IncidentRow, now: Date): Promise<IncidentRow | null> {
  const current = row as unknown as StatusFields
  if (!isDueToWake(current, now)) return null
  const change = planWake(current)
  const at = current.snoozedUntil!
  return writeChange(tx, row, { data: statusColumns(change.fields), events: [{ ...change.event, at }], actor: SYSTEM_ACTOR, now })
}

export async function updateIncident(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateIncidentInput,
  opts: { ifMatch?: string | null; now?: Date } = {},
): Promise<IncidentResult> {
  return db.transaction(async (tx) => {
    const now = opts.now ?? new Date()
    let row = await loadForUpdate(tx, id)
    // References are checked after the incident itself (404 wins over 422 for other records).
    const assigneeId = input.assigneeId
    const assignee = assigneeId ? await requireUser(tx, 'assigneeId', assigneeId) : null
    if (opts.ifMatch != null && !ifMatchAccepts(opts.ifMatch, etagOf(row))) {
      throw new AppError('PRECONDITION_FAILED', 'the incident changed since you read it (If-Match does not match its ETag)')
    }
    // A snooze that has run out is applied first, so the change below starts from OPEN.
    row = (await wakeInTx(tx, row, now)) ?? row

    const data: ChangeData = {}
    const events: PendingEvent[] = []
    if (input.status !== undefined) {
      const change = planStatusChange(row as unknown as StatusFields, input.status, now, input.snoozeMinutes)
      if (change) {
        Object.assign(data, statusColumns(change.fields))
        events.push(change.event)
      }
    }
    if (assigneeId !== undefined && assigneeId !== row.assigneeId) {
      data.assigneeId = assigneeId
      events.push(
        assigneeId
          ? { type: 'assigned', details: { from: row.assigneeId, to: assigneeId } }
          : { type: 'unassigned', details: { from: row.assigneeId } },
      )
    }
    if (input.urgency !== undefined && input.urgency !== row.urgency) {
      data.urgency = input.urgency
      events.push({ type: 'urgency_changed', details: { from: row.urgency, to: input.urgency } })
    }
    if (input.priority !== undefined && input.priority !== row.priority) {
      data.priority = input.priority
      events.push({ type: 'priority_changed', details: { from: row.priority, to: input.priority } })
    }
    if (input.title !== undefined && input.title !== row.title) {
      data.title = input.title
      data.titleSearch = searchText(input.title)
      events.push({ type: 'updated', details: { field: 'title', from: row.title, to: input.title } })
    }
    if (input.description !== undefined && input.description !== row.description) {
      data.description = input.description
      events.push({ type: 'updated', details: { field: 'description', from: row.description, to: input.description } })
    }
    if (!events.length) return { incident: toIncident(row), etag: etagOf(row) }

    const updated = await writeChange(tx, row, {
      data,
      events,
      actor,
      now,
      assignee: assignee && { id: assignee.id, name: assignee.name, email: assignee.email },
    })
    return { incident: toIncident(updated), etag: etagOf(updated) }
  })
}

/** RFC 9110 If-Match: `*` or a list of strong tags, one of which must equal the current one. */
function ifMatchAccepts(header: string, etag: string): boolean {
  const value = header.trim()
  if (value === '*') return true
  return value.split(',').some((t) => t.trim() === etag)
}

/** Wakes one incident if its snooze has run out; returns whether it did. */
export async function wakeIfDue(db: Db, id: string, now = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await findRow(tx, id)
    return row ? (await wakeInTx(tx, row, now)) !== null : false
  })
}

/**
 * Wakes every incident whose snooze has run out, each with an `unsnoozed` event by the system
 * stamped at its `snoozedUntil` (also for snoozes that ran out while the server was down).
 * Safe to run on several instances at once: the compare-and-set lets one of them win each.
 */
export async function wakeDueSnoozes(db: Db, now = new Date(), batch = 200): Promise<number> {
  let woken = 0
  for (;;) {
    const due = await db.read.incident.findMany({
      where: { status: 'SNOOZED', snoozedUntil: { lte: now } },
      select: { id: true },
      orderBy: { snoozedUntil: 'asc' },
      take: batch,
    })
    let progressed = false
    for (const { id } of due) {
      try {
        if (await wakeIfDue(db, id, now)) woken++
        progressed = true
      } catch (e) {
        if (!(e instanceof RetryTransaction)) throw e
      }
    }
    if (due.length < batch || !progressed) return woken
  }
}
