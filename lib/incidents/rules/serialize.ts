// Database rows → the contract's JSON. The only place that knows both shapes.
import type { Actor, Incident, IncidentWithTimeline, TimelineEvent, TimelineEventType } from '@/lib/schemas/incidents'
import type { Priority, Status, Urgency } from '@/lib/schemas/enums'
import { shownPosition, type EscalationMark } from '@/lib/escalation/rules/engine'

/** An incident as the domain holds it: the columns the contract shows, plus the version for ETags. */
export interface IncidentRow {
  id: string
  number: number
  title: string
  description: string | null
  status: string
  urgency: string
  priority: string | null
  createdAt: Date
  updatedAt: Date
  acknowledgedAt: Date | null
  resolvedAt: Date | null
  snoozedUntil: Date | null
  version: number
  serviceId: string
  assigneeId: string | null
  dedupKey: string | null
  alertCount: number
  lastAlertAt: Date | null
  source: string | null
  service: { id: string; name: string }
  assignee: { id: string; name: string; email: string } | null
}

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export function toIncident(r: IncidentRow): Incident {
  return {
    id: r.id,
    number: r.number,
    title: r.title,
    description: r.description,
    status: r.status as Status,
    urgency: r.urgency as Urgency,
    priority: r.priority as Priority | null,
    service: r.service,
    assignee: r.assignee,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    acknowledgedAt: iso(r.acknowledgedAt),
    resolvedAt: iso(r.resolvedAt),
    snoozedUntil: iso(r.snoozedUntil),
    dedupKey: r.dedupKey,
    alertCount: r.alertCount,
    lastAlertAt: iso(r.lastAlertAt),
    source: r.source as Incident['source'],
  }
}

/** The next escalation step as GET /api/incidents/:id shows it; null when none is due. */
export const toNextEscalation = (mark: EscalationMark): IncidentWithTimeline['escalation'] =>
  mark.dueAt && { ...shownPosition(mark), dueAt: mark.dueAt.toISOString() }

/** Strong ETag: changes with every change to the incident (its version is bumped by each). */
export const etagOf = (r: { id: string; version: number }) => `"${r.id}.${r.version}"`

export interface EventRow {
  id: string
  type: string
  at: Date
  actorType: string
  actorId: string | null
  actorName: string
  details: string
}

export function toTimelineEvent(e: EventRow): TimelineEvent {
  const actor: Actor = { type: e.actorType as Actor['type'], name: e.actorName }
  if (e.actorId) actor.id = e.actorId
  let details: Record<string, unknown> = {}
  try {
    details = JSON.parse(e.details)
  } catch {
    // Written by this code as JSON; an unreadable value shows as empty rather than failing the read.
  }
  return { id: e.id, type: e.type as TimelineEventType, at: e.at.toISOString(), actor, details }
}
