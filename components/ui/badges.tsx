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

/** Open, high urgency and nobody has acknowledged it: what burns, set apart in every view. */
export const needsAttention = (i: Pick<Incident, 'status' | 'urgency'>) => i.status === 'OPEN' && i.urgency === 'HIGH'

/** `strong`: a solid badge, for an incident that needs attention. */
export function StatusBadge({ status, strong = false }: { status: Status; strong?: boolean }) {
  return (
    <span data-status={status} className={`badge ${strong ? 'bg-danger text-on-accent' : STATUS_STYLE[status]}`}>
      {STATUS_LABEL[status]}
    </span>
  )
}

/** A shape, not only a colour: a warning sign beside the title, named for screen readers. */
export function AttentionMark() {
  return (
    <svg role="img" aria-label="Needs attention: open, high urgency, unacknowledged" viewBox="0 0 16 16" className="size-4 shrink-0 text-danger">
      <path fill="currentColor" d="M8 1.2c.4 0 .8.2 1 .6l6.6 11.8c.4.8-.1 1.7-1 1.7H1.4c-.9 0-1.4-.9-1-1.7L7 1.8c.2-.4.6-.6 1-.6Z" />
      <path fill="var(--color-surface)" d="M7.1 5.2h1.8l-.3 5H7.4l-.3-5Zm.9 6.1a1 1 0 1 1 0 2 1 1 0 0 1 0-2Z" />
    </svg>
  )
}

export function UrgencyBadge({ urgency }: { urgency: Incident['urgency'] }) {
  return urgency === 'HIGH' ? (
    <span data-urgency="HIGH" className="text-xs font-bold whitespace-nowrap text-danger">
      <span aria-hidden="true">▲ </span>High
    </span>
  ) : (
    <span data-urgency="LOW" className="text-xs whitespace-nowrap text-muted">
      <span aria-hidden="true">▽ </span>Low
    </span>
  )
}

export function PriorityBadge({ priority }: { priority: Incident['priority'] }) {
  if (!priority) return <span className="text-xs text-muted">—</span>
  const strong = priority === 'P1' || priority === 'P2'
  return <span className={`font-mono text-xs ${strong ? 'font-bold' : 'text-muted'}`}>{priority}</span>
}
