'use client'
import { Menu, type MenuItem } from '@/components/ui/Menu'
import type { Incident } from '@/lib/schemas/incidents'
import type { Priority, Urgency } from '@/lib/schemas/values'
import { PriorityOptions } from './PriorityOptions'
import type { DialogState } from './ActionDialogs'
import { SNOOZE_PRESETS } from './presets'
import { can, snoozeLabel, type IncidentActions } from './useIncidentActions'

/** The detail page's actions: the row's, spelled out, plus priority. */
export function DetailActions({ incident: i, actions: a, open, disabled }: { incident: Incident; actions: IncidentActions; open: (s: NonNullable<DialogState>) => void; disabled: boolean }) {
  const snooze: MenuItem[] = [
    ...SNOOZE_PRESETS.map((m) => ({ label: `For ${snoozeLabel(m)}`, onSelect: () => a.snooze(i, m) })),
    { label: 'Custom…', onSelect: () => open({ kind: 'snooze', incident: i }) },
  ]
  const assign: MenuItem[] = [
    { label: 'Assign to me', onSelect: () => a.assignToMe(i) },
    { label: 'Assign to…', onSelect: () => open({ kind: 'assign', incident: i }) },
    ...(i.assignee ? [{ label: 'Unassign', onSelect: () => a.assign(i, null) }] : []),
  ]
  return (
    <div role="toolbar" aria-label="Incident actions" className="flex flex-wrap items-center gap-2">
      {can(i, 'ACKNOWLEDGED') && (
        <button type="button" className="btn btn-primary" onClick={() => a.acknowledge(i)} disabled={disabled}>
          Acknowledge
        </button>
      )}
      {can(i, 'RESOLVED') && (
        <button type="button" className="btn" onClick={() => open({ kind: 'resolve', incident: i })} disabled={disabled}>
          Resolve…
        </button>
      )}
      {i.status === 'RESOLVED' && (
        <button type="button" className="btn btn-primary" onClick={() => a.reopen(i)} disabled={disabled}>
          Reopen
        </button>
      )}
      {(can(i, 'SNOOZED') || i.status === 'SNOOZED') && (
        <Menu label="Snooze" items={snooze} buttonClass="btn" disabled={disabled}>
          Snooze <span aria-hidden="true">▾</span>
        </Menu>
      )}
      <Menu label="Assign" items={assign} buttonClass="btn" disabled={disabled}>
        Assign <span aria-hidden="true">▾</span>
      </Menu>
      <label className="flex items-center gap-1.5 text-sm">
        Urgency
        <select className="field w-auto" value={i.urgency} onChange={(e) => a.setUrgency(i, e.target.value as Urgency)} disabled={disabled}>
          <option value="HIGH">High</option>
          <option value="LOW">Low</option>
        </select>
      </label>
      <label className="flex items-center gap-1.5 text-sm">
        Priority
        <select className="field w-auto" value={i.priority ?? ''} onChange={(e) => a.setPriority(i, (e.target.value || null) as Priority | null)} disabled={disabled}>
          <PriorityOptions />
        </select>
      </label>
    </div>
  )
}
