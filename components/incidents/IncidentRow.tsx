'use client'
import Link from 'next/link'
import { memo } from 'react'
import { PriorityBadge, StatusBadge, UrgencyBadge } from '@/components/ui/badges'
import { RelativeTime } from '@/components/ui/time'
import type { Incident } from '@/lib/schemas/incidents'
import type { DialogState } from './ActionDialogs'
import { RowActions } from './RowActions'
import type { IncidentActions } from './useIncidentActions'

interface Props {
  incident: Incident
  selected: boolean
  cursor: boolean
  canWrite: boolean
  actions: IncidentActions
  onToggle: (id: string) => void
  onFocusRow: (id: string) => void
  open: (s: NonNullable<DialogState>) => void
}

export const IncidentRow = memo(function IncidentRow({ incident: i, selected, cursor, canWrite, actions, onToggle, onFocusRow, open }: Props) {
  return (
    <tr
      data-incident-id={i.id}
      data-cursor={cursor}
      tabIndex={-1}
      onFocus={() => onFocusRow(i.id)}
      aria-selected={canWrite ? selected : undefined}
      className={`h-14 border-b sm:h-12 border-line last:border-0 ${selected ? 'bg-selected' : 'hover:bg-raised/60'}`}
    >
      {canWrite && (
        <td className="w-10 pl-3">
          <input
            type="checkbox"
            className="size-4 accent-accent"
            checked={selected}
            onChange={() => onToggle(i.id)}
            aria-label={`Select #${i.number}`}
          />
        </td>
      )}
      <td className="hidden w-14 px-2 font-mono text-xs text-muted tabular-nums sm:table-cell">{`#${i.number}`}</td>
      <td className="hidden w-32 px-2 sm:table-cell">
        <StatusBadge status={i.status} />
      </td>
      <td className="hidden w-16 px-2 sm:table-cell">
        <UrgencyBadge urgency={i.urgency} />
      </td>
      <td className="hidden w-10 px-2 md:table-cell">
        <PriorityBadge priority={i.priority} />
      </td>
      <td className="max-w-0 px-2">
        <Link href={`/incidents/${i.id}`} prefetch={false} className="block truncate font-medium hover:underline" title={i.title}>
          {i.title}
        </Link>
        <span className="mt-0.5 block truncate text-xs text-muted md:hidden">
          {/* One string per run of text: every separate piece is one more node to parse and hydrate, 50 times. */}
          <span className="sm:hidden">
            <StatusBadge status={i.status} />
            {` #${i.number} · `}
          </span>
          {`${i.service.name} · ${i.assignee?.name ?? 'Unassigned'} · `}
          <RelativeTime iso={i.createdAt} suffix=" ago" />
        </span>
      </td>
      <td className="hidden w-36 truncate px-2 text-sm md:table-cell">{i.service.name}</td>
      <td className="hidden w-32 truncate px-2 text-sm lg:table-cell">{i.assignee?.name ?? <span className="text-muted">—</span>}</td>
      <td className="hidden w-14 px-2 text-sm text-muted tabular-nums md:table-cell">
        <RelativeTime iso={i.createdAt} />
      </td>
      {canWrite && (
        <td className="w-28 pr-3">
          <RowActions incident={i} actions={actions} open={open} />
        </td>
      )}
    </tr>
  )
})
