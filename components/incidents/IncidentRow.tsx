'use client'
import Link from 'next/link'
import { memo } from 'react'
import { AttentionMark, PriorityBadge, StatusBadge, UrgencyBadge, needsAttention } from '@/components/ui/badges'
import { Duration, RelativeTime } from '@/components/ui/time'
import { SOURCE_LABEL } from '@/lib/events/rules/alertView'
import type { Incident } from '@/lib/schemas/incidents'
import type { DialogState } from './ActionDialogs'
import { RowActions } from './RowActions'
import type { Arrival } from './useArrivals'
import type { IncidentActions } from './useIncidentActions'

interface Props {
  incident: Incident
  selected: boolean
  cursor: boolean
  canWrite: boolean
  /** Set when the row appeared in this view after it was first shown. */
  arrival?: Arrival
  actions: IncidentActions
  onToggle: (id: string) => void
  onFocusRow: (id: string) => void
  open: (s: NonNullable<DialogState>) => void
}

/** A resolved incident's time to resolve; any other's age. */
function Age({ i, suffix = '' }: { i: Incident; suffix?: string }) {
  if (i.status === 'RESOLVED' && i.resolvedAt)
    return (
      <span data-took="" title="Time from opened to resolved">
        took <Duration from={i.createdAt} to={i.resolvedAt} />
      </span>
    )
  return <RelativeTime iso={i.createdAt} suffix={suffix} />
}

function Wakes({ i }: { i: Incident }) {
  if (i.status !== 'SNOOZED' || !i.snoozedUntil) return null
  return (
    <span data-wakes="" className="whitespace-nowrap">
      wakes <RelativeTime iso={i.snoozedUntil} future />
    </span>
  )
}

/** How many alerts folded in and from where: a count on phones, the source's name beside it from sm up. */
function AlertBadge({ i }: { i: Incident }) {
  if (!i.source && i.alertCount <= 1) return null
  const from = i.source ? SOURCE_LABEL[i.source] : null
  const count = i.alertCount === 1 ? '1 alert' : `${i.alertCount} alerts`
  return (
    <span data-alerts={i.alertCount} className="badge shrink-0 bg-raised font-normal text-muted" title={from ? `${count} from ${from}` : count}>
      <span aria-hidden="true">×</span>
      {i.alertCount}
      <span className="sr-only"> alerts</span>
      {from && <span className="hidden sm:inline">&nbsp;· {from}</span>}
    </span>
  )
}

export const IncidentRow = memo(function IncidentRow({ incident: i, selected, cursor, canWrite, arrival, actions, onToggle, onFocusRow, open }: Props) {
  const attention = needsAttention(i)
  return (
    <tr
      data-incident-id={i.id}
      data-cursor={cursor}
      data-attention={attention || undefined}
      data-arrival={arrival}
      tabIndex={-1}
      onFocus={() => onFocusRow(i.id)}
      aria-selected={canWrite ? selected : undefined}
      className={`h-14 border-b border-line last:border-0 sm:h-12 ${attention ? 'row-attention' : ''} ${arrival ? 'row-arrival' : ''} ${selected ? 'bg-selected' : 'hover:bg-raised/60'}`}
    >
      {canWrite && (
        <td className="hidden w-10 pl-3 sm:table-cell">
          <input
            type="checkbox"
            className="size-4 accent-accent"
            checked={selected}
            onChange={() => onToggle(i.id)}
            aria-label={`Select #${i.number}`}
          />
        </td>
      )}
      <td className={`hidden w-14 px-2 font-mono text-xs text-muted tabular-nums sm:table-cell ${canWrite ? '' : 'pl-3'}`}>{`#${i.number}`}</td>
      <td className="hidden w-32 px-2 leading-tight sm:table-cell">
        <StatusBadge status={i.status} strong={attention} />
        {i.status === 'SNOOZED' && (
          <span className="mt-0.5 block text-xs text-muted">
            <Wakes i={i} />
          </span>
        )}
      </td>
      <td className="hidden w-16 px-2 sm:table-cell">
        <UrgencyBadge urgency={i.urgency} />
      </td>
      <td className="hidden w-10 px-2 md:table-cell">
        <PriorityBadge priority={i.priority} />
      </td>
      <td className="max-w-0 py-1.5 pr-2 pl-3 sm:py-0 sm:pl-2">
        <span className="flex min-w-0 items-center gap-1.5">
          {attention && <AttentionMark />}
          {arrival && (
            <span className="badge shrink-0 bg-accent text-on-accent" title={arrival === 'away' ? 'Arrived while this tab was in the background' : 'Just arrived'}>
              New
            </span>
          )}
          <Link href={`/incidents/${i.id}`} prefetch={false} className={`block min-w-0 truncate hover:underline ${attention ? 'font-bold' : 'font-medium'}`} title={i.title}>
            {i.title}
          </Link>
          <AlertBadge i={i} />
        </span>
        {/* Below md the columns fold into this line: what matters (status, urgency, age) first, and
            wrapped rather than cut; only the service and assignee give way. */}
        <span className="mt-0.5 flex min-w-0 flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs whitespace-nowrap text-muted md:hidden">
          <span className="flex shrink-0 items-center gap-1.5 sm:hidden">
            <StatusBadge status={i.status} strong={attention} />
            <Wakes i={i} />
            <UrgencyBadge urgency={i.urgency} />
          </span>
          <span className="shrink-0 tabular-nums">
            <Age i={i} suffix=" ago" />
          </span>
          <span className="min-w-12 flex-1 basis-0 truncate">{`· #${i.number} · ${i.service.name} · ${i.assignee?.name ?? 'Unassigned'}`}</span>
        </span>
      </td>
      <td className="hidden w-36 truncate px-2 text-sm md:table-cell">{i.service.name}</td>
      <td className="hidden w-32 truncate px-2 text-sm lg:table-cell">{i.assignee?.name ?? <span className="text-muted">—</span>}</td>
      <td data-age="" className="hidden w-24 px-2 text-sm whitespace-nowrap text-muted tabular-nums md:table-cell">
        <Age i={i} />
      </td>
      {canWrite && (
        <td className="w-28 pr-3 pl-2">
          <RowActions incident={i} actions={actions} open={open} />
        </td>
      )}
    </tr>
  )
})
