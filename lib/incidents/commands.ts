// Every change to an incident: create, update and the snooze wake-up. Each writes the change, its
// timeline events and the maintained totals together, all or nothing: in one transaction, or
// (a create or a status change on PostgreSQL) in one statement.
import { Prisma, RetryTransaction, type Db, type PrismaDb, type Tx } from '@/lib/db/client'
import { execute, queryRows } from '@/lib/db/statements'
import { AppError, invalidField, notFound } from '@/lib/errors'
import { MAX_ID_LENGTH, newId } from '@/lib/ids'
import type { Actor, CreateIncidentInput, Incident, TimelineEventType, UpdateIncidentInput } from '@/lib/schemas/incidents'
import type { Status } from '@/lib/schemas/enums'
import { SYSTEM_ACTOR, actorColumns } from './actor'
import { countStatements, moveCountStatements } from './counts'
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
function eventsSql(incidentId: string | Prisma.Sql, actor: Actor, at: Date, events: PendingEvent[]): Prisma.Sql {
  const rows = events.map((e) => {
    const a = actorColumns(e.actor ?? actor)
    return Prisma.sql`(${newId('evt')}, ${incidentId}, ${e.type}, ${e.at ?? at}, ${a.actorType}, ${a.actorId}, ${a.actorName}, ${JSON.stringify(e.details)})`
  })
  return Prisma.sql`INSERT INTO "TimelineEvent" ("id", "incidentId", "type", "at", "actorType", "actorId", "actorName", "details")
      VALUES ${Prisma.join(rows)}`
}

/** An enabled user by id, as an incident shows its assignee; else the field's 422. */
async function requireUser(db: PrismaDb | Tx, field: string, id: string): Promise<NonNullable<IncidentRow['assignee']>> {
  const user = await db.user.findUnique({ where: { id }, select: { id: true, name: true, email: true, disabledAt: true } })
  if (!user) throw invalidField(field, 'no user with this id')
  if (user.disabledAt) throw invalidField(field, 'this user is disabled')
  return { id: user.id, name: user.name, email: user.email }
}

const resultOf = (row: IncidentRow): IncidentResult => ({ incident: toIncident(row), etag: etagOf(row) })

/** A write statement and its RETURNING list (1 when it returns nothing of interest). */
interface Part {
  sql: Prisma.Sql
  returning?: Prisma.Sql
  /** Writes one row or, having lost to a concurrent writer, none. */
  compareAndSet?: true
}

const withReturning = (p: Part) => Prisma.sql`${p.sql} RETURNING ${p.returning ?? Prisma.raw('1')}`

/**
 * PostgreSQL: write statements chained into one (a data-modifying WITH), so a write is one round
 * trip and, when nothing else is written with it, needs no BEGIN and COMMIT either: round trips
 * were most of a create's and an acknowledge's cost, in the app and the database alike
 * (docs/performance.md, "Create"). Part k is named "s<k>"; a later part may read an earlier one's
 * RETURNING. The final SELECT reads `results` and then every part, left to right, and each part
 * runs when first read, so rows are locked in the order of the parts, as by one statement after
 * another. Foreign keys and the change counter's trigger act at the end of the statement.
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
  opts: {
    /** Runs first in the create's transaction; throwing ends it with nothing written. */
    before?: (tx: Tx) => Promise<void>
    /** Runs last in the create's transaction, with the answer about to be given. */
    within?: (tx: Tx, result: IncidentResult) => Promise<void>
    now?: Date
  } = {},
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
  // After the number, the counts before the incident: every writer takes the rows they all share
  // in one order (the incident number, counts, then the change counter that writing an incident
  // bumps), or two of them could each hold the row the other waits for (see changeParts).
  const writes = (number: number | Prisma.Sql): Part[] => [
    ...countStatements({ serviceId: input.serviceId, createdAt: now }, [['OPEN', 1]]).map((sql) => ({ sql })),
    {
      sql: Prisma.sql`INSERT INTO "Incident" ("id", "number", "title", "titleSearch", "description", "status", "active",
        "urgency", "priority", "serviceId", "assigneeId", "createdAt", "updatedAt", "version")
      VALUES (${id}, ${number}, ${input.title}, ${searchText(input.title)}, ${input.description ?? null}, 'OPEN', ${true},
        ${input.urgency}, ${input.priority ?? null}, ${input.serviceId}, ${input.assigneeId ?? null}, ${now}, ${now}, 1)`,
    },
    { sql: eventsSql(id, actor, now, [created]) },
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
      assignee,
    }
    return resultOf(row)
  }

  if (db.provider === 'postgresql') {
    const statement = chained(
      [nextNumber(input.serviceId), ...writes(Prisma.sql`(SELECT "number" FROM "s0")`)],
      Prisma.sql`(SELECT "number" FROM "s0") AS "number", (SELECT "serviceName" FROM "s0") AS "serviceName"`,
    )
    const { before, within } = opts
    try {
      // With an Idempotency-Key, its claim and its answer are in the same transaction.
      if (!before && !within) return await db.atomic(async (write) => result((await write<Numbered>(statement))[0]!))
      return await db.transaction(async (tx) => {
        await before?.(tx)
        const done = result((await queryRows<Numbered>(tx, statement))[0]!)
        await within?.(tx, done)
        return done
      })
    } catch (e) {
      throw foreignKeyToField(e)
    }
  }
  return db.transaction(async (tx) => {
    await opts.before?.(tx)
    const [numbered] = await queryRows<Numbered>(tx, withReturning(nextNumber(input.serviceId)))
    const done = result(numbered!)
    for (const part of writes(done.incident.number)) await execute(tx, part.sql)
    await opts.within?.(tx, done)
    return done
  })
}

async function findRow(db: PrismaDb | Tx, id: string): Promise<IncidentRow | null> {
  const [row] = await queryRows<FlatRow>(db, rowByIdSql(id))
  return row ? toRow(row) : null
}

async function loadForUpdate(db: PrismaDb | Tx, id: string): Promise<IncidentRow> {
  if (!id || id.length > MAX_ID_LENGTH) throw notFound('incident')
  const row = await findRow(db, id)
  if (!row) throw notFound('incident')
  return row
}

/** The columns a change may write (names in SQL come from this list, never from input). */
type IncidentColumn = keyof StatusFields | 'active' | 'assigneeId' | 'urgency' | 'priority' | 'title' | 'titleSearch' | 'description'
type ChangeData = Partial<Record<IncidentColumn, unknown>>

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
 * The writes of a change, in the order every writer takes the rows they share: the counts it
 * moves, the incident itself — a compare-and-set, which writes only if nobody changed the incident
 * since `row` was read, and bumps the change counter (a trigger), the one row every writer shares
 * — then its events. The same order in createIncident, or a create and an acknowledge could each
 * hold the row the other waits for. `incidentId`: the incident's id, or (chained) the expression
 * that reads it from the compare-and-set's RETURNING, so a lost compare-and-set writes no event.
 */
function changeParts(row: IncidentRow, change: Change, incidentId: (set: number) => string | Prisma.Sql): Part[] {
  const { data, now } = change
  const counts = data.status === undefined ? [] : moveCountStatements(row, row.status, data.status as Status)
  const set = Object.entries({ ...data, updatedAt: now, version: row.version + 1 }).map(
    ([column, value]) => Prisma.sql`${Prisma.raw(`"${column}"`)} = ${value}`,
  )
  return [
    ...counts.map((sql) => ({ sql })),
    {
      sql: Prisma.sql`UPDATE "Incident" SET ${Prisma.join(set)} WHERE "id" = ${row.id} AND "version" = ${row.version}`,
      returning: Prisma.sql`"id"`,
      compareAndSet: true,
    },
    { sql: eventsSql(incidentId(counts.length), change.actor, now, change.events) },
  ]
}

/** The incident as a change leaves it (computed, not read back). */
function applied(row: IncidentRow, change: Change): IncidentRow {
  return {
    ...row,
    ...(change.data as Partial<IncidentRow>),
    updatedAt: change.now,
    version: row.version + 1,
    assignee: change.data.assigneeId === undefined ? row.assignee : (change.assignee ?? null),
  }
}

/** Writes a change in a transaction, one statement after another; a lost compare-and-set starts over. */
async function writeChange(tx: Tx, row: IncidentRow, change: Change): Promise<IncidentRow> {
  for (const part of changeParts(row, change, () => row.id)) {
    const written = await execute(tx, part.sql)
    // A lost compare-and-set: the retry undoes the counts with it.
    if (part.compareAndSet && written !== 1) throw new RetryTransaction()
  }
  return applied(row, change)
}

/** PostgreSQL: the compare-and-set of a chained change lost, so its event had no incident id. */
function lostCompareAndSet(e: unknown): unknown {
  const err = e as { code?: string; table?: string; column?: string }
  return err?.code === '23502' && err.table === 'TimelineEvent' && err.column === 'incidentId' ? new RetryTransaction() : e
}

async function wakeInTx(tx: Tx, row: IncidentRow, now: Date): Promise<IncidentRow | null> {
  const current = row as unknown as StatusFields
  if (!isDueToWake(current, now)) return null
  const change = planWake(current)
  const at = current.snoozedUntil!
  return writeChange(tx, row, { data: statusColumns(change.fields), events: [{ ...change.event, at }], actor: SYSTEM_ACTOR, now })
}

/** The incident to change, checked: 404 first, then the references in the input (422), then If-Match (412). */
async function readForUpdate(db: PrismaDb | Tx, id: string, input: UpdateIncidentInput, ifMatch: string | null | undefined) {
  const row = await loadForUpdate(db, id)
  const assignee = input.assigneeId ? await requireUser(db, 'assigneeId', input.assigneeId) : null
  if (ifMatch != null && !ifMatchAccepts(ifMatch, etagOf(row))) {
    throw new AppError('PRECONDITION_FAILED', 'the incident changed since you read it (If-Match does not match its ETag)')
  }
  return { row, assignee }
}

/** What `input` changes in `row`: the columns and an event for each; null when nothing changes. */
function planUpdate(row: IncidentRow, input: UpdateIncidentInput, actor: Actor, now: Date, assignee: IncidentRow['assignee']): Change | null {
  const data: ChangeData = {}
  const events: PendingEvent[] = []
  if (input.status !== undefined) {
    const change = planStatusChange(row as unknown as StatusFields, input.status, now, input.snoozeMinutes)
    if (change) {
      Object.assign(data, statusColumns(change.fields))
      events.push(change.event)
    }
  }
  const assigneeId = input.assigneeId
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
  return events.length ? { data, events, actor, now, assignee } : null
}

export async function updateIncident(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateIncidentInput,
  opts: { ifMatch?: string | null; now?: Date } = {},
): Promise<IncidentResult> {
  // Read after the incident, and again on every attempt: an event is never stamped earlier than
  // the change it follows in the incident's timeline.
  const clock = () => opts.now ?? new Date()
  if (db.provider === 'postgresql') {
    // Read, then one chained statement whose compare-and-set makes the read as good as a lock.
    const done = await db.atomic(async (write) => {
      const { row, assignee } = await readForUpdate(db.read, id, input, opts.ifMatch)
      const now = clock()
      // A snooze that has run out is woken first, in the change's transaction (below).
      if (isDueToWake(row as unknown as StatusFields, now)) return null
      const change = planUpdate(row, input, actor, now, assignee)
      if (!change) return resultOf(row)
      await write(chained(changeParts(row, change, (set) => Prisma.sql`(SELECT "id" FROM ${Prisma.raw(`"s${set}"`)})`))).catch((e) => {
        throw lostCompareAndSet(e)
      })
      return resultOf(applied(row, change))
    })
    if (done) return done
  }
  return db.transaction(async (tx) => {
    const { row: read, assignee } = await readForUpdate(tx, id, input, opts.ifMatch)
    const now = clock()
    // A snooze that has run out is applied first, so the change below starts from OPEN.
    const row = (await wakeInTx(tx, read, now)) ?? read
    const change = planUpdate(row, input, actor, now, assignee)
    return resultOf(change ? await writeChange(tx, row, change) : row)
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
