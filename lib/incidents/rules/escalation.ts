// What a fired escalation step writes to the incident (lib/escalation decides which step fires,
// whom it reached and what is due next): the `escalated` event, an assignment to the first person
// reached when nobody is assigned, and the next due time, as one change by the system.
import { escalatedDetails, STOPPED, type EscalationMark, type Person, type Position } from '@/lib/escalation/rules/engine'
import { SYSTEM_ACTOR } from './actor'
import type { Change, PendingEvent } from './plan'
import type { IncidentRow } from './serialize'

export interface Firing {
  fired: Position
  people: Person[]
  next: EscalationMark
}

/** `stop`: nothing fires and nothing more is due (no policy any more, or not OPEN). */
export function planEscalation(row: IncidentRow, firing: Firing | 'stop', now: Date): Change {
  if (firing === 'stop') return { fields: {}, events: [], actor: SYSTEM_ACTOR, now, escalation: STOPPED }
  const events: PendingEvent[] = [{ type: 'escalated', details: escalatedDetails(firing.fired, firing.people) }]
  const first = firing.people[0]
  if (row.assigneeId !== null || !first) return { fields: {}, events, actor: SYSTEM_ACTOR, now, escalation: firing.next }
  events.push({ type: 'assigned', details: { from: null, to: first.id } })
  return { fields: { assigneeId: first.id }, events, actor: SYSTEM_ACTOR, now, assignee: first, escalation: firing.next }
}
