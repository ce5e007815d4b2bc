// What a create, an update and a snooze wake-up write: the incident's new fields and one timeline
// event for each thing that changed. Pure: the commands read the incident, ask these for the
// change, and hand it to the store, which writes the change, its events and the counts together.
import { AppError } from '@/lib/errors'
import { markForStatus, restartAt, type EscalationMark } from '@/lib/escalation/rules/engine'
import { newId } from '@/lib/ids'
import type { Actor, CreateIncidentInput, TimelineEventType, UpdateIncidentInput } from '@/lib/schemas/incidents'
import { SYSTEM_ACTOR } from './actor'
import type { IncidentRow } from './serialize'
import { isDueToWake, planStatusChange, planWake, type StatusFields } from './transitions'

export interface PendingEvent {
  type: TimelineEventType
  details: Record<string, unknown>
  /** When it happened, if not at the change's `now` (a snooze that ran out while nobody looked). */
  at?: Date
  actor?: Actor
}

/** The fields a change may set. */
export type ChangeFields = Partial<Pick<IncidentRow, keyof StatusFields | 'assigneeId' | 'urgency' | 'priority' | 'title' | 'description'>>

export interface Change {
  fields: ChangeFields
  events: PendingEvent[]
  actor: Actor
  now: Date
  /** The new assignee's public fields, when `fields` sets one. */
  assignee?: IncidentRow['assignee']
  /** When the next escalation step is due, when the change starts, moves or stops escalating. */
  escalation?: EscalationMark
}

/** What an incident opened by an alert carries: its dedup key and the endpoint that sent it. */
export interface AlertOrigin {
  dedupKey: string
  source: NonNullable<IncidentRow['source']>
}

/** A new incident as created by `input` at `now`, before the store gives it its number. */
export function newIncident(
  input: CreateIncidentInput,
  now: Date,
  assignee: IncidentRow['assignee'],
  origin: AlertOrigin | null = null,
): Omit<IncidentRow, 'number' | 'service'> & { escalation: EscalationMark } {
  return {
    id: newId('inc', now.getTime()),
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
    assignee,
    // An alert opens its incident with one trigger counted.
    dedupKey: origin?.dedupKey ?? null,
    alertCount: origin ? 1 : 0,
    lastAlertAt: origin ? now : null,
    source: origin?.source ?? null,
    escalation: restartAt(now),
  }
}

export function createdEvent(input: CreateIncidentInput): PendingEvent {
  return {
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
}

const statusOf = (row: IncidentRow) => row as unknown as StatusFields

/** RFC 9110 If-Match: `*` or a list of strong tags, one of which must equal the current one. */
function ifMatchAccepts(header: string, etag: string): boolean {
  const value = header.trim()
  if (value === '*') return true
  return value.split(',').some((t) => t.trim() === etag)
}

/** 412 unless `ifMatch` (when given) names the incident's current ETag. */
export function checkIfMatch(ifMatch: string | null | undefined, etag: string): void {
  if (ifMatch != null && !ifMatchAccepts(ifMatch, etag)) {
    throw new AppError('PRECONDITION_FAILED', 'the incident changed since you read it (If-Match does not match its ETag)')
  }
}

/** What `input` changes in `row`: the fields and an event for each; null when nothing changes. */
export function planUpdate(row: IncidentRow, input: UpdateIncidentInput, actor: Actor, now: Date, assignee: IncidentRow['assignee']): Change | null {
  const fields: ChangeFields = {}
  const events: PendingEvent[] = []
  let escalation: EscalationMark | undefined
  if (input.status !== undefined) {
    const change = planStatusChange(statusOf(row), input.status, now, input.snoozeMinutes)
    if (change) {
      Object.assign(fields, change.fields)
      events.push(change.event)
      escalation = markForStatus(input.status, now)
    }
  }
  const assigneeId = input.assigneeId
  if (assigneeId !== undefined && assigneeId !== row.assigneeId) {
    fields.assigneeId = assigneeId
    events.push(
      assigneeId
        ? { type: 'assigned', details: { from: row.assigneeId, to: assigneeId } }
        : { type: 'unassigned', details: { from: row.assigneeId } },
    )
  }
  if (input.urgency !== undefined && input.urgency !== row.urgency) {
    fields.urgency = input.urgency
    events.push({ type: 'urgency_changed', details: { from: row.urgency, to: input.urgency } })
  }
  if (input.priority !== undefined && input.priority !== row.priority) {
    fields.priority = input.priority
    events.push({ type: 'priority_changed', details: { from: row.priority, to: input.priority } })
  }
  if (input.title !== undefined && input.title !== row.title) {
    fields.title = input.title
    events.push({ type: 'updated', details: { field: 'title', from: row.title, to: input.title } })
  }
  if (input.description !== undefined && input.description !== row.description) {
    fields.description = input.description
    events.push({ type: 'updated', details: { field: 'description', from: row.description, to: input.description } })
  }
  return events.length ? { fields, events, actor, now, assignee, escalation } : null
}

/**
 * The wake-up of a snooze that has run out by `now`, or null: OPEN again with an `unsnoozed`
 * event by the system, stamped at `snoozedUntil` (also for snoozes that ran out while the server
 * was down).
 */
export function planWakeIfDue(row: IncidentRow, now: Date): Change | null {
  const current = statusOf(row)
  if (!isDueToWake(current, now)) return null
  const change = planWake(current)
  return { fields: change.fields, events: [{ ...change.event, at: current.snoozedUntil }], actor: SYSTEM_ACTOR, now, escalation: restartAt(now) }
}

/** The incident as a change leaves it (computed, not read back). */
export function applied(row: IncidentRow, change: Change): IncidentRow {
  return {
    ...row,
    ...change.fields,
    updatedAt: change.now,
    version: row.version + 1,
    assignee: change.fields.assigneeId === undefined ? row.assignee : (change.assignee ?? null),
  }
}
