'use client'
import { STATUS_LABEL } from '@/components/ui/badges'
import { ExactTime, RelativeTime, exact } from '@/components/ui/time'
import { useUsers } from '@/lib/client/directory'
import type { TimelineEvent } from '@/lib/schemas/incidents'
import type { Status } from '@/lib/schemas/values'

const ACTOR_KIND = { user: '', apiKey: ' (API key)', system: '' } as const

/** An escalation step: whom it paged, or that it reached nobody (the admins were told instead). */
function escalated(d: Record<string, unknown>): string {
  const step = `escalation step ${String(d.step ?? '?')}${typeof d.pass === 'number' && d.pass > 0 ? ` (repeat ${d.pass})` : ''}`
  const people = Array.isArray(d.people) ? d.people.map((p: { name?: unknown }) => String(p?.name ?? '?')) : []
  return people.length ? `${step} paged ${people.join(', ')}` : `${step} reached nobody on call`
}

function useDescribe() {
  const users = useUsers()
  const who = (id: unknown) => (typeof id === 'string' ? (users.data?.find((u) => u.id === id)?.name ?? id) : 'nobody')
  const status = (s: unknown) => STATUS_LABEL[s as Status] ?? String(s)
  return (e: TimelineEvent): string => {
    const d = e.details
    switch (e.type) {
      case 'created':
        return 'created the incident'
      case 'acknowledged':
        return 'acknowledged'
      case 'unacknowledged':
        return 'set it back to open'
      case 'resolved':
        return 'resolved'
      case 'reopened':
        return 'reopened'
      case 'snoozed':
        return `snoozed it for ${d.minutes ?? '?'} min${typeof d.until === 'string' ? ` (until ${exact(d.until)})` : ''}`
      case 'unsnoozed':
        return d.reason ? `woke it: ${String(d.reason)}` : `ended the snooze (${status(d.to)})`
      case 'assigned':
        return `assigned it to ${who(d.to)}`
      case 'unassigned':
        return `unassigned ${who(d.from)}`
      case 'urgency_changed':
        return `changed urgency from ${String(d.from).toLowerCase()} to ${String(d.to).toLowerCase()}`
      case 'priority_changed':
        return `changed priority from ${d.from ?? 'none'} to ${d.to ?? 'none'}`
      case 'updated':
        return `edited the ${String(d.field ?? 'incident')}`
      case 'escalated':
        return escalated(d)
      case 'note':
        return 'added a note'
    }
  }
}

/** Who did what, when: oldest first, as the API returns it. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  const describe = useDescribe()
  return (
    <ol className="relative space-y-3 border-l border-line pl-5">
      {events.map((e) => (
        <li key={e.id} data-event={e.type} className="relative text-sm">
          <span aria-hidden="true" className="absolute top-1.5 -left-[1.57rem] size-2.5 rounded-full border-2 border-surface bg-muted" />
          <p>
            <span className="font-semibold" data-actor={e.actor.type}>
              {e.actor.name}
              {ACTOR_KIND[e.actor.type]}
            </span>{' '}
            {describe(e)}
          </p>
          {e.type === 'note' && typeof e.details.text === 'string' && (
            // Notes are the story in people's own words: kept as typed, line breaks included.
            <blockquote data-note className="my-1 rounded-md border border-line bg-raised px-3 py-2 whitespace-pre-wrap [overflow-wrap:anywhere]">
              {e.details.text}
            </blockquote>
          )}
          <p className="flex flex-wrap gap-x-1.5 text-xs text-muted">
            <RelativeTime iso={e.at} suffix=" ago" />
            <span aria-hidden="true">·</span>
            <ExactTime iso={e.at} />
          </p>
        </li>
      ))}
    </ol>
  )
}
