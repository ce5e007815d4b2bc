'use client'
// The incident page's "Notifications" card: each message its changes sent, where to (the host
// only), and whether it arrived.
import { RelativeTime, exact } from '@/components/ui/time'
import { useIncidentNotifications } from '@/lib/client/webhooks'
import type { IncidentNotification } from '@/lib/schemas/webhooks'

function state(n: IncidentNotification): { text: string; style: string } {
  if (n.state === 'delivered') return { text: 'Arrived', style: 'text-ok' }
  if (n.state === 'failed') return { text: 'Failed', style: 'text-danger' }
  return n.attempts ? { text: 'Retrying', style: 'text-danger' } : { text: 'Sending', style: 'text-muted' }
}

function lastTry(n: IncidentNotification): string {
  if (!n.attempts) return 'not tried yet'
  const answer = n.lastStatus !== null ? `HTTP ${n.lastStatus}` : (n.lastError ?? 'no answer')
  return `${n.attempts} ${n.attempts === 1 ? 'attempt' : 'attempts'}, last: ${answer}`
}

export function Notifications({ incidentId }: { incidentId: string }) {
  const q = useIncidentNotifications(incidentId)
  return (
    <section aria-labelledby="notifications-h" className="card h-fit p-4">
      <h2 id="notifications-h" className="mb-3 text-sm font-semibold text-muted uppercase">
        Notifications
      </h2>
      {q.data ? (
        q.data.length ? (
          <ul className="space-y-2 text-sm" data-testid="notifications">
            {q.data.map((n) => (
              <li key={n.id} data-notification-id={n.id} className="border-b border-line pb-2 last:border-0 last:pb-0">
                <div className="flex flex-wrap items-baseline gap-x-2">
                  <span className={`font-semibold ${state(n).style}`}>{state(n).text}</span>
                  <code className="font-mono text-xs">{n.type.replace('incident.', '')}</code>
                  <span className="text-muted">
                    {n.kind === 'email' ? 'email to' : 'to'} <span className="break-all text-fg">{n.destination}</span>
                  </span>
                </div>
                <p className="text-xs text-muted">
                  {lastTry(n)}
                  {n.lastAttemptAt && (
                    <>
                      {' '}
                      · <RelativeTime iso={n.lastAttemptAt} suffix=" ago" />
                    </>
                  )}
                  {n.nextAttemptAt && n.attempts > 0 && <> · next try {exact(n.nextAttemptAt)}</>}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted">Nothing sent: no webhook subscribes to this incident’s changes.</p>
        )
      ) : q.isError ? (
        <p role="alert" className="text-sm text-danger">
          {q.error.message}
        </p>
      ) : (
        <div role="status" aria-label="Loading notifications" className="h-12 animate-pulse rounded bg-raised" />
      )}
    </section>
  )
}
