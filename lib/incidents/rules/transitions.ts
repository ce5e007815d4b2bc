// The status machine, in one place. Pure: no database, no clock of its own.
import { AppError } from '@/lib/errors'
import type { TimelineEventType } from '@/lib/schemas/incidents'
import type { Status } from '@/lib/schemas/enums'
import { SNOOZE_MINUTES, canTransition } from '@/lib/schemas/values'

// The table itself lives with the contract's other values, so the dashboard offers exactly the
// transitions this enforces.
export { TRANSITIONS, canTransition } from '@/lib/schemas/values'

export const isActive = (status: Status) => status !== 'RESOLVED'

export interface StatusFields {
  status: Status
  acknowledgedAt: Date | null
  resolvedAt: Date | null
  snoozedUntil: Date | null
}

export interface StatusChange {
  fields: StatusFields
  event: { type: TimelineEventType; details: Record<string, unknown> }
}

function eventType(from: Status, to: Status): TimelineEventType {
  switch (to) {
    case 'ACKNOWLEDGED':
      return 'acknowledged'
    case 'RESOLVED':
      return 'resolved'
    case 'SNOOZED':
      return 'snoozed'
    case 'OPEN':
      return from === 'RESOLVED' ? 'reopened' : from === 'SNOOZED' ? 'unsnoozed' : 'unacknowledged'
  }
}

/**
 * What setting `to` does to an incident in `current`: the new status fields and the event to
 * write, or null when nothing changes (the same status again is a no-op, except a snoozed
 * incident given a new snoozeMinutes, which is re-snoozed). Refused transitions throw 409.
 */
export function planStatusChange(current: StatusFields, to: Status, now: Date, snoozeMinutes?: number): StatusChange | null {
  const from = current.status
  if (from === to && !(to === 'SNOOZED' && snoozeMinutes !== undefined)) return null
  if (from !== to && !canTransition(from, to)) {
    throw new AppError(
      'INVALID_TRANSITION',
      `cannot change status from ${from} to ${to}` + (from === 'RESOLVED' ? ' (a resolved incident can only be reopened: set status OPEN)' : ''),
    )
  }
  let fields: StatusFields
  const details: Record<string, unknown> = { from, to }
  switch (to) {
    case 'OPEN':
      // Whenever an incident becomes OPEN, it starts over.
      fields = { status: to, acknowledgedAt: null, resolvedAt: null, snoozedUntil: null }
      break
    case 'ACKNOWLEDGED':
      fields = { status: to, acknowledgedAt: current.acknowledgedAt ?? now, resolvedAt: null, snoozedUntil: null }
      break
    case 'RESOLVED':
      fields = { status: to, acknowledgedAt: current.acknowledgedAt, resolvedAt: now, snoozedUntil: null }
      break
    case 'SNOOZED': {
      const minutes = snoozeMinutes ?? SNOOZE_MINUTES.default
      const until = new Date(now.getTime() + minutes * 60_000)
      fields = { status: to, acknowledgedAt: current.acknowledgedAt, resolvedAt: null, snoozedUntil: until }
      details.minutes = minutes
      details.until = until.toISOString()
      break
    }
  }
  return { fields, event: { type: eventType(from, to), details } }
}

/** A snoozed incident whose time has come: it is OPEN again, as of `snoozedUntil`. */
export function isDueToWake(current: StatusFields, now: Date): current is StatusFields & { snoozedUntil: Date } {
  return current.status === 'SNOOZED' && current.snoozedUntil !== null && current.snoozedUntil <= now
}

export function planWake(current: StatusFields & { snoozedUntil: Date }): StatusChange {
  return {
    fields: { status: 'OPEN', acknowledgedAt: null, resolvedAt: null, snoozedUntil: null },
    event: { type: 'unsnoozed', details: { from: 'SNOOZED', to: 'OPEN', reason: 'snooze expired' } },
  }
}
