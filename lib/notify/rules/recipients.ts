// Who a change's timeline events email (contract, "Notifications out" → "Email"):
// - `assigned` ({ from, to }) emails user `to`, unless the change's actor is that user; a create
//   with an assignee (`created`, details.assigneeId) is an assignment too;
// - `escalated` ({ step, pass, people: [{ id, name, email }], reachedNobody? }) emails each person
//   in `people`, and every enabled admin when it reached nobody;
// - one email per person per change, about the first event that reaches them.
// Whether a user is enabled (and who the admins are) is the outbox insert's to decide, at the
// moment of the change.

export interface EmailingEvent {
  id: string
  type: string
  details: Record<string, unknown>
  /** The user who made the change, if a user did. */
  actorUserId: string | null
}

/** The people one event emails: user ids, or every enabled admin. */
export type Reached = { eventId: string; userIds: string[] } | { eventId: string; admins: true }

const text = (v: unknown): string | null => (typeof v === 'string' && v ? v : null)

function reachedBy(e: EmailingEvent): string[] | 'admins' {
  switch (e.type) {
    case 'assigned':
    case 'created': {
      const to = text(e.type === 'assigned' ? e.details.to : e.details.assigneeId)
      return to && to !== e.actorUserId ? [to] : []
    }
    case 'escalated': {
      const people = Array.isArray(e.details.people) ? e.details.people : []
      const ids = people.map((p) => text((p as { id?: unknown } | null)?.id)).filter((id): id is string => id !== null)
      return ids.length ? ids : 'admins'
    }
    default:
      return []
  }
}

/**
 * What `events` (one change's, in order) email. A person reached by two of them is kept on the
 * first only; admins reached by "nobody" are de-duplicated against named people by the insert.
 */
export function emailRecipients(events: EmailingEvent[]): Reached[] {
  const seen = new Set<string>()
  const reached: Reached[] = []
  for (const e of events) {
    const who = reachedBy(e)
    if (who === 'admins') {
      reached.push({ eventId: e.id, admins: true })
      continue
    }
    const fresh = [...new Set(who)].filter((id) => !seen.has(id))
    fresh.forEach((id) => seen.add(id))
    if (fresh.length) reached.push({ eventId: e.id, userIds: fresh })
  }
  return reached
}
