import type { Incident } from '@/lib/schemas/incidents'
import type { Status } from '@/lib/schemas/values'

export const STATUS_LABEL: Record<Status, string> = {
  OPEN: 'Open',
  ACKNOWLEDGED: 'Acknowledged',
  SNOOZED: 'Snoozed',
  RESOLVED: 'Resolved',
}

const STATUS_STYLE: Record<Status, string> = {
  OPEN: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
  ACKNOWLEDGED: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  SNOOZED: 'bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-200',
  RESOLVED: 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200',
}

export function StatusBadge({ status }: { status: Status }) {
  return (
    <span data-status={status} className={`badge ${STATUS_STYLE[status]}`}>
      {STATUS_LABEL[status]}
    </span>
  )
}

export function UrgencyBadge({ urgency }: { urgency: Incident['urgency'] }) {
  return urgency === 'HIGH' ? (
    <span className="text-xs font-bold whitespace-nowrap text-danger">
      <span aria-hidden="true">▲ </span>High
    </span>
  ) : (
    <span className="text-xs whitespace-nowrap text-muted">
      <span aria-hidden="true">▽ </span>Low
    </span>
  )
}

export function PriorityBadge({ priority }: { priority: Incident['priority'] }) {
  if (!priority) return <span className="text-xs text-muted">—</span>
  const strong = priority === 'P1' || priority === 'P2'
  return <span className={`font-mono text-xs ${strong ? 'font-bold' : 'text-muted'}`}>{priority}</span>
}
