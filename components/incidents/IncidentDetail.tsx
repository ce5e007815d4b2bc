'use client'
import Link from 'next/link'
import { useState } from 'react'
import { AttentionMark, PriorityBadge, StatusBadge, UrgencyBadge, needsAttention } from '@/components/ui/badges'
import { ExactTime, RelativeTime } from '@/components/ui/time'
import { useHydrated } from '@/lib/client/hydrated'
import { useIncident } from '@/lib/client/incidents'
import { useLiveIncidents } from '@/lib/client/live'
import { useCanWrite } from '@/lib/client/me'
import { SOURCE_LABEL } from '@/lib/events/rules/alertView'
import { ActionDialogs, type DialogState } from './ActionDialogs'
import { AlertList } from './AlertList'
import { DetailActions } from './DetailActions'
import { NoteBox } from './NoteBox'
import { Notifications } from './Notifications'
import { Timeline } from './Timeline'
import { useIncidentActions } from './useIncidentActions'

/** A timestamp and how long ago (or until) it is; each stays on one line, the pair may fold. */
function When({ iso, future }: { iso: string | null; future?: boolean }) {
  if (!iso) return <span className="text-muted">—</span>
  return (
    <span className="flex flex-wrap gap-x-1.5">
      <ExactTime iso={iso} />
      <span className="whitespace-nowrap text-muted">
        (<RelativeTime iso={iso} suffix=" ago" future={future} />)
      </span>
    </span>
  )
}

export function IncidentDetail({ id, since }: { id: string; since?: string }) {
  useLiveIncidents(since)
  const q = useIncident(id)
  const canWrite = useCanWrite()
  const hydrated = useHydrated()
  const actions = useIncidentActions()
  const [dialog, setDialog] = useState<DialogState>(null)

  if (!q.data) {
    return q.isError ? (
      <div role="alert" className="card p-6">
        <h1 className="mb-2 text-lg font-semibold">{q.error.message}</h1>
        <Link href="/" className="text-accent underline">
          Back to incidents
        </Link>
      </div>
    ) : (
      <div className="card h-64 animate-pulse" role="status" aria-label="Loading incident" />
    )
  }
  const i = q.data
  const escalation = i.escalation
  const escalates: [string, React.ReactNode][] = escalation
    ? [
        [
          'Escalates',
          <span key="e" data-testid="next-escalation">
            Step {escalation.step}
            {escalation.pass > 0 && `, pass ${escalation.pass + 1}`}, <When iso={escalation.dueAt} future />
          </span>,
        ],
      ]
    : []
  const fields: [string, React.ReactNode][] = [
    ['Status', <StatusBadge key="s" status={i.status} />],
    ['Urgency', <UrgencyBadge key="u" urgency={i.urgency} />],
    ['Priority', <PriorityBadge key="p" priority={i.priority} />],
    ['Service', i.service.name],
    ['Assignee', i.assignee ? `${i.assignee.name} (${i.assignee.email})` : <span className="text-muted">Unassigned</span>],
    ['Created', <When key="c" iso={i.createdAt} />],
    ['Updated', <When key="up" iso={i.updatedAt} />],
    ['Acknowledged', <When key="a" iso={i.acknowledgedAt} />],
    ['Resolved', <When key="r" iso={i.resolvedAt} />],
    ['Snoozed until', <When key="z" iso={i.snoozedUntil} future />],
    ...escalates,
    ['ID', <code key="id" className="font-mono text-xs break-all">{i.id}</code>],
  ]
  if (i.source) fields.push(['Source', SOURCE_LABEL[i.source]])
  if (i.dedupKey) fields.push(['Dedup key', <code key="dk" className="font-mono text-xs break-all">{i.dedupKey}</code>])
  if (i.alertCount > 0) fields.push(['Last alert', <When key="la" iso={i.lastAlertAt} />])
  return (
    <article className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/" className="text-accent hover:underline">
          ← Incidents
        </Link>
      </nav>
      <header className="space-y-3">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <h1 className="min-w-0 text-xl font-semibold break-words">
            <span className="mr-2 font-mono text-muted">#{i.number}</span>
            {i.title}
          </h1>
          <p className="flex items-center gap-2 text-sm">
            <StatusBadge status={i.status} strong={needsAttention(i)} />
            {needsAttention(i) && <AttentionMark />}
            {i.snoozedUntil && (
              <span className="text-muted">
                wakes <RelativeTime iso={i.snoozedUntil} future />
              </span>
            )}
            {escalation && (
              <span className="text-muted">
                escalates <RelativeTime iso={escalation.dueAt} future />
              </span>
            )}
            <UrgencyBadge urgency={i.urgency} />
          </p>
        </div>
        {canWrite && <DetailActions incident={i} actions={actions} open={setDialog} disabled={!hydrated} />}
        {q.isError && (
          <p role="alert" className="text-sm text-danger">
            Showing the last loaded state: {q.error.message}
          </p>
        )}
      </header>
      {/* The details come first, so on a phone the status is read before the whole timeline. */}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem] lg:grid-rows-[auto_1fr]">
        <section aria-labelledby="fields-h" className="card h-fit p-4 lg:col-start-2 lg:row-start-1">
          <h2 id="fields-h" className="mb-3 text-sm font-semibold text-muted uppercase">
            Details
          </h2>
          <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-2 text-sm">
            {fields.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted">{k}</dt>
                <dd className="min-w-0">{v}</dd>
              </div>
            ))}
          </dl>
        </section>
        <div className="space-y-4 lg:col-start-1 lg:row-start-1 lg:row-span-2">
          <section aria-labelledby="desc-h" className="card p-4">
            <h2 id="desc-h" className="mb-2 text-sm font-semibold text-muted uppercase">
              Description
            </h2>
            {i.description ? <p className="text-sm break-words whitespace-pre-wrap">{i.description}</p> : <p className="text-sm text-muted">No description.</p>}
          </section>
          <AlertList incident={i} />
          <section aria-labelledby="timeline-h" className="card p-4">
            <h2 id="timeline-h" className="mb-3 text-sm font-semibold text-muted uppercase">
              Timeline
            </h2>
            <Timeline events={i.timeline} />
          </section>
          {/* After the timeline, where the next line of the story goes. */}
          {canWrite && <NoteBox incident={i} disabled={!hydrated} />}
        </div>
        <div className="h-fit lg:col-start-2 lg:row-start-2">
          <Notifications incidentId={i.id} />
        </div>
      </div>
      <ActionDialogs state={dialog} onClose={() => setDialog(null)} actions={actions} />
    </article>
  )
}
