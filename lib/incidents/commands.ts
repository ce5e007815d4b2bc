// Every change to an incident: create, update and the snooze wake-up. Each reads what it needs
// through the store, asks the rules what to write, and hands that to the store, which writes the
// change, its timeline events and the maintained totals together, all or nothing.
import type { Prisma } from '@/lib/db/client'
import { isUniqueViolation } from '@/lib/db/errors'
import { AppError, invalidField, notFound } from '@/lib/errors'
import { MAX_ID_LENGTH } from '@/lib/ids'
import type { Actor, CreateIncidentInput, Incident, UpdateIncidentInput } from '@/lib/schemas/incidents'
import { checkIfMatch, createdEvent, newIncident, planUpdate, planWakeIfDue, type AlertOrigin } from './rules/plan'
import { withNote } from './rules/notes'
import { etagOf, toIncident, type IncidentRow } from './rules/serialize'
import * as store from './store'
import type { Db, Reader, Tx } from './store'

export interface IncidentResult {
  incident: Incident
  etag: string
}

const resultOf = (row: IncidentRow): IncidentResult => ({ incident: toIncident(row), etag: etagOf(row) })

/** An enabled user by id, as an incident shows its assignee; else the field's 422. */
async function requireUser(reader: Reader, field: string, id: string): Promise<NonNullable<IncidentRow['assignee']>> {
  const user = await store.findUser(reader, id)
  if (!user) throw invalidField(field, 'no user with this id')
  if (user.disabledAt) throw invalidField(field, 'this user is disabled')
  return { id: user.id, name: user.name, email: user.email }
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
    /** Statements written with the incident, all or nothing; `chained` as for an update's (store.Update). */
    alongside?: (incidentId: string, chained: boolean) => Prisma.Sql[]
    now?: Date
    /** Where an incident opened by an alert came from (dedup key, source). */
    origin?: AlertOrigin
  } = {},
): Promise<IncidentResult> {
  const now = opts.now ?? new Date()
  const assignee = input.assigneeId ? await requireUser(db.read, 'assigneeId', input.assigneeId) : null
  const { before, within, alongside } = opts
  let result: IncidentResult | undefined
  const incident = newIncident(input, now, assignee, opts.origin)
  // With an Idempotency-Key, its claim and its answer are in the same transaction.
  const row = await store.insertIncident(db, incident, { actor, list: [createdEvent(input)] }, {
    before,
    within: within && ((tx, stored) => within(tx, (result = resultOf(stored)))),
    alongside: alongside && ((chained) => alongside(incident.id, chained)),
  })
  return result ?? resultOf(row)
}

export async function loadForUpdate(reader: Reader, id: string): Promise<IncidentRow> {
  if (!id || id.length > MAX_ID_LENGTH) throw notFound('incident')
  const row = await store.findRow(reader, id)
  if (!row) throw notFound('incident')
  return row
}

/** Statements written with a change, all or nothing, if there is one; `written` says whether they were. */
export interface Alongside {
  statements: (now: Date, chained: boolean) => Prisma.Sql[]
  written: boolean
}

export async function updateIncident(
  db: Db,
  actor: Actor,
  id: string,
  input: UpdateIncidentInput,
  opts: { ifMatch?: string | null; now?: Date; alongside?: Alongside } = {},
): Promise<IncidentResult> {
  const { alongside } = opts
  const row = await store.updateIncidentRow(
    db,
    {
      // 404 first, then the references in the input (422), then If-Match (412).
      async read(reader) {
        // Each attempt starts afresh: only the one that commits says whether they were written.
        if (alongside) alongside.written = false
        const row = await loadForUpdate(reader, id)
        const assignee = input.assigneeId ? await requireUser(reader, 'assigneeId', input.assigneeId) : null
        checkIfMatch(opts.ifMatch, etagOf(row))
        return { row, assignee }
      },
      // A snooze that has run out is applied first, so the change starts from OPEN.
      before: planWakeIfDue,
      change: ({ assignee }, row, now) => withNote(planUpdate(row, input, actor, now, assignee), input.note, actor, now),
      alongside:
        alongside &&
        ((now, chained) => {
          alongside.written = true
          return alongside.statements(now, chained)
        }),
    },
    () => opts.now ?? new Date(),
  ).catch((e) => {
    // Reopening an incident whose dedup key a newer unresolved incident holds.
    throw isUniqueViolation(e) ? new AppError('CONFLICT', 'another unresolved incident of this service holds its dedup key') : e
  })
  return resultOf(row)
}

/** Wakes one incident if its snooze has run out; returns whether it did. */
export async function wakeIfDue(db: Db, id: string, now = new Date()): Promise<boolean> {
  return store.changeIfNeeded(db, id, (row) => planWakeIfDue(row, now))
}

/**
 * Wakes every incident whose snooze has run out, each with an `unsnoozed` event by the system
 * stamped at its `snoozedUntil` (also for snoozes that ran out while the server was down).
 * Safe to run on several instances at once: the compare-and-set lets one of them win each.
 */
export async function wakeDueSnoozes(db: Db, now = new Date(), batch = 200): Promise<number> {
  let woken = 0
  for (;;) {
    const due = await store.dueSnoozes(db, now, batch)
    let progressed = false
    for (const id of due) {
      try {
        if (await wakeIfDue(db, id, now)) woken++
        progressed = true
      } catch (e) {
        if (!(e instanceof store.RetryTransaction)) throw e
      }
    }
    if (due.length < batch || !progressed) return woken
  }
}
