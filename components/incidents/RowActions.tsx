'use client'
import { Menu, type MenuItem } from '@/components/ui/Menu'
import type { Incident } from '@/lib/schemas/incidents'
import type { DialogState } from './ActionDialogs'
import { SNOOZE_PRESETS } from './presets'
import { can, snoozeLabel, type IncidentActions } from './useIncidentActions'

type Open = (s: NonNullable<DialogState>) => void

/** The one obvious next step for an incident in this status. */
function primary(inc: Incident, a: IncidentActions): { label: string; run: () => void } {
  if (inc.status === 'RESOLVED') return { label: 'Reopen', run: () => a.reopen(inc) }
  if (inc.status === 'ACKNOWLEDGED') return { label: 'Resolve', run: () => a.resolve(inc) }
  return { label: 'Ack', run: () => a.acknowledge(inc) }
}

export function menuItems(inc: Incident, a: IncidentActions, open: Open, skip?: string): MenuItem[] {
  const status: MenuItem[] = []
  if (can(inc, 'ACKNOWLEDGED')) status.push({ label: 'Acknowledge', onSelect: () => a.acknowledge(inc) })
  if (can(inc, 'RESOLVED')) status.push({ label: 'Resolve', onSelect: () => a.resolve(inc) })
  if (inc.status === 'RESOLVED') status.push({ label: 'Reopen', onSelect: () => a.reopen(inc) })
  const offered = status.filter((x) => !('label' in x) || x.label !== skip)
  const snooze: MenuItem[] = can(inc, 'SNOOZED') || inc.status === 'SNOOZED'
    ? [
        { heading: 'Snooze' },
        ...SNOOZE_PRESETS.map((m) => ({ label: `Snooze ${snoozeLabel(m)}`, onSelect: () => a.snooze(inc, m) })),
        { label: 'Snooze for…', onSelect: () => open({ kind: 'snooze', incident: inc }) },
      ]
    : []
  return [
    ...offered,
    ...snooze,
    { heading: 'Assign' },
    { label: 'Assign to me', onSelect: () => a.assignToMe(inc) },
    { label: 'Assign to…', onSelect: () => open({ kind: 'assign', incident: inc }) },
    ...(inc.assignee ? [{ label: 'Unassign', onSelect: () => a.assign(inc, null) }] : []),
    { heading: 'Urgency' },
    inc.urgency === 'HIGH' ? { label: 'Set urgency low', onSelect: () => a.setUrgency(inc, 'LOW') } : { label: 'Set urgency high', onSelect: () => a.setUrgency(inc, 'HIGH') },
  ]
}

/** No `disabled` prop: the table's <fieldset> disables every row's controls until React owns the page. */
export function RowActions({ incident, actions, open }: { incident: Incident; actions: IncidentActions; open: Open }) {
  const p = primary(incident, actions)
  const fullLabel = p.label === 'Ack' ? 'Acknowledge' : p.label
  return (
    <div className="flex items-center justify-end gap-1">
      {/* The name starts with the visible label (WCAG 2.5.3, label in name): a speech-input user
          says "Ack" and reaches it; a screen reader also hears the word in full. */}
      <button
        type="button"
        className="btn btn-sm w-16"
        onClick={p.run}
        aria-label={`${p.label === fullLabel ? '' : `${p.label}: `}${fullLabel} #${incident.number}`}
      >
        {p.label}
      </button>
      <Menu label={`More actions for #${incident.number}`} items={() => menuItems(incident, actions, open, fullLabel)}>
        <span aria-hidden="true">⋯</span>
      </Menu>
    </div>
  )
}
