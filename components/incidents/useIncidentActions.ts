'use client'
// Every way to change an incident from the dashboard, in one place: rows, bulk, keyboard and the
// detail page call these, so they all share the same optimistic update and error reporting.
import { useMemo } from 'react'
import { useUpdateIncident } from '@/lib/client/incidents'
import { useMe } from '@/lib/client/me'
import type { Incident } from '@/lib/schemas/incidents'
import { canTransition, type Priority, type Status, type Urgency } from '@/lib/schemas/values'

type Ref = Pick<Incident, 'id' | 'number'>
type WithStatus = Ref & { status: Status }

export const can = (inc: { status: Status }, to: Status) => canTransition(inc.status, to)

export function snoozeLabel(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`
  if (minutes % 60 === 0) return `${minutes / 60} h`
  return `${minutes} min`
}

export function useIncidentActions() {
  const { mutate } = useUpdateIncident()
  const me = useMe()
  // Stable across renders, so memoised rows do not re-render when the list refetches.
  return useMemo(() => {
  type Vars = Parameters<typeof mutate>[0]
  const patch = (incident: Ref, body: Vars['patch'], label: string, assignee?: Incident['assignee'], undo?: Vars['undo']) =>
    mutate({ incident, patch: body, label, assignee, undo })
  const reopen = (i: Ref) => patch(i, { status: 'OPEN' }, 'Reopened')
  return {
    acknowledge: (i: WithStatus) => patch(i, { status: 'ACKNOWLEDGED' }, 'Acknowledged'),
    // Resolving by mistake (one key, `r`) is undone from its message: the incident is reopened.
    // A resolution note (from the incident page) commits with the resolve, in the same PATCH.
    resolve: (i: WithStatus, note?: string) =>
      patch(i, note?.trim() ? { status: 'RESOLVED', note } : { status: 'RESOLVED' }, 'Resolved', undefined, { label: 'Undo', run: () => reopen(i) }),
    reopen,
    snooze: (i: WithStatus, minutes: number) => patch(i, { status: 'SNOOZED', snoozeMinutes: minutes }, `Snoozed for ${snoozeLabel(minutes)}:`),
    assign: (i: Ref, user: NonNullable<Incident['assignee']> | null) =>
      patch(i, { assigneeId: user?.id ?? null }, user ? `Assigned ${user.name} to` : 'Unassigned', user),
    assignToMe: (i: Ref) => patch(i, { assigneeId: me.user.id }, 'Assigned you to', { id: me.user.id, name: me.user.name, email: me.user.email }),
    setUrgency: (i: Ref, urgency: Urgency) => patch(i, { urgency }, `Urgency ${urgency.toLowerCase()} for`),
    setPriority: (i: Ref, priority: Priority | null) => patch(i, { priority }, `Priority ${priority ?? 'cleared'} for`),
  }
  }, [mutate, me])
}

export type IncidentActions = ReturnType<typeof useIncidentActions>
