'use client'
// The alerts folded into an incident, newest first: what each said, its labels and annotations,
// and links back to the tool that sent it.
import { ExactTime, RelativeTime } from '@/components/ui/time'
import { useIncidentAlerts } from '@/lib/client/alerts'
import { MEMBERS_SHOWN, SOURCE_LABEL, describeAlert, safeHref, type AlertLink } from '@/lib/events/rules/alertView'
import type { AlertView } from '@/lib/schemas/events'
import type { Incident } from '@/lib/schemas/incidents'

const ACTION_STYLE: Record<AlertView['action'], string> = {
  trigger: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200',
  acknowledge: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200',
  resolve: 'bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200',
}

function Pairs({ pairs, kind }: { pairs: [string, string][]; kind: 'labels' | 'annotations' }) {
  if (!pairs.length) return null
  if (kind === 'labels')
    return (
      <ul aria-label="Labels" className="flex flex-wrap gap-1">
        {pairs.map(([k, v]) => (
          <li key={k} className="max-w-full truncate rounded border border-line bg-raised px-1.5 py-0.5 font-mono text-xs" title={`${k}=${v}`}>
            <span className="text-muted">{k}=</span>
            {v}
          </li>
        ))}
      </ul>
    )
  return (
    <dl aria-label="Annotations" className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-3 gap-y-0.5 text-xs">
      {pairs.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="truncate text-muted" title={k}>
            {k}
          </dt>
          <dd className="break-words whitespace-pre-wrap">{v}</dd>
        </div>
      ))}
    </dl>
  )
}

function Links({ links }: { links: AlertLink[] }) {
  if (!links.length) return null
  return (
    <p className="flex flex-wrap gap-x-3 text-xs">
      {links.map((l, n) => (
        <a key={n} href={l.href} target="_blank" rel="noopener noreferrer nofollow" className="text-accent hover:underline">
          {l.text}
          <span className="sr-only"> (opens in a new tab)</span>
        </a>
      ))}
    </p>
  )
}

function AlertItem({ alert, source }: { alert: AlertView; source: Incident['source'] }) {
  const d = describeAlert(source, alert.details)
  const sender = safeHref(alert.source)
  return (
    <li className="space-y-1.5 py-3 first:pt-0 last:pb-0" data-alert-action={alert.action}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <span className={`badge ${ACTION_STYLE[alert.action]}`}>{alert.action}</span>
        <span className="min-w-0 flex-1 text-sm font-medium break-words">{alert.summary ?? <span className="text-muted">No summary</span>}</span>
        <span className="text-xs whitespace-nowrap text-muted" title={alert.receivedAt}>
          <RelativeTime iso={alert.receivedAt} suffix=" ago" />
        </span>
      </div>
      <p className="flex flex-wrap gap-x-3 text-xs text-muted">
        <ExactTime iso={alert.receivedAt} />
        {alert.severity && <span>severity {alert.severity}</span>}
        {alert.source &&
          (sender ? (
            <a href={sender} target="_blank" rel="noopener noreferrer nofollow" className="text-accent hover:underline">
              {source ? SOURCE_LABEL[source] : 'Sender'}
              <span className="sr-only"> (opens in a new tab)</span>
            </a>
          ) : (
            <span className="break-all">from {alert.source}</span>
          ))}
      </p>
      <Pairs pairs={d.labels} kind="labels" />
      <Pairs pairs={d.annotations} kind="annotations" />
      <Links links={d.links} />
      {d.members.length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-muted">
            {d.members.length === 1 ? '1 alert in the group' : `${d.members.length} alerts in the group`}
          </summary>
          <ul className="mt-1 space-y-2 border-l-2 border-line pl-3">
            {d.members.slice(0, MEMBERS_SHOWN).map((m, n) => (
              <li key={n} className="space-y-1">
                {m.status && <span className="text-muted">{m.status}</span>}
                <Pairs pairs={m.labels} kind="labels" />
                <Pairs pairs={m.annotations} kind="annotations" />
                <Links links={m.links} />
              </li>
            ))}
            {d.members.length > MEMBERS_SHOWN && <li className="text-muted">and {d.members.length - MEMBERS_SHOWN} more</li>}
          </ul>
        </details>
      )}
    </li>
  )
}

/** Shown only for an incident an alert reached; nothing is fetched for the others. */
export function AlertList({ incident }: { incident: Incident }) {
  const reached = incident.alertCount > 0 || incident.source !== null
  const alerts = useIncidentAlerts(incident.id, { enabled: reached })
  if (!reached) return null
  return (
    <section aria-labelledby="alerts-h" className="card p-4">
      <h2 id="alerts-h" className="mb-3 text-sm font-semibold text-muted uppercase">
        Alerts <span className="font-normal normal-case">({incident.alertCount === 1 ? '1 trigger' : `${incident.alertCount} triggers`}, newest first)</span>
      </h2>
      {alerts.data ? (
        alerts.data.length ? (
          <ol className="divide-y divide-line" data-testid="alerts">
            {alerts.data.map((a, n) => (
              <AlertItem key={`${a.receivedAt}-${n}`} alert={a} source={incident.source} />
            ))}
          </ol>
        ) : (
          <p className="text-sm text-muted">No alerts kept.</p>
        )
      ) : alerts.isError ? (
        <p role="alert" className="text-sm text-danger">
          {alerts.error.message}
        </p>
      ) : (
        <div role="status" aria-label="Loading alerts" className="h-16 animate-pulse rounded bg-raised" />
      )}
    </section>
  )
}
