// The three ingestion bodies → one AlertEvent, the incident domain's input. Pure: no database.
import type { AlertEvent } from '@/lib/incidents/alerts'
import type { AlertmanagerWebhook, GenericEvent, PagerDutyEvent } from '@/lib/schemas/events'
import { urgencyOfLabel, urgencyOfSeverity } from './severity'
import { alertmanagerTitle, cutTitle } from './title'

const DESCRIPTION_MAX = 10_000
const describe = (details: Record<string, unknown> | undefined): string | null => {
  if (!details || Object.keys(details).length === 0) return null
  const text = JSON.stringify(details, null, 2)
  return text.length > DESCRIPTION_MAX ? text.slice(0, DESCRIPTION_MAX - 1) + '…' : text
}

export function fromPagerDuty(e: PagerDutyEvent): AlertEvent {
  const p = e.payload
  const details: Record<string, unknown> = {}
  if (p?.custom_details) details.custom_details = p.custom_details
  for (const k of ['component', 'group', 'class', 'timestamp'] as const) if (p?.[k]) details[k] = p[k]
  if (e.links?.length) details.links = e.links
  if (e.images?.length) details.images = e.images
  return {
    action: e.event_action,
    dedupKey: e.dedup_key ?? null,
    source: 'events',
    title: cutTitle(p?.summary ?? ''),
    description: describe(p?.custom_details),
    urgency: urgencyOfSeverity(p?.severity),
    alert: { summary: p?.summary ?? null, severity: p?.severity ?? null, source: p?.source ?? null, details },
  }
}

/** One notification is one event (one trigger however many alerts it lists), keyed by its group. */
export function fromAlertmanager(w: AlertmanagerWebhook): AlertEvent {
  const severity = w.commonLabels.severity ?? w.alerts.find((a) => a.labels.severity)?.labels.severity ?? null
  const summary = w.commonAnnotations.summary ?? w.title ?? null
  return {
    action: w.status === 'resolved' ? 'resolve' : 'trigger',
    dedupKey: w.groupKey,
    source: w.orgId !== undefined ? 'grafana' : 'alertmanager',
    title: alertmanagerTitle(w),
    description: w.commonAnnotations.description ?? w.message ?? null,
    urgency: urgencyOfLabel(severity),
    alert: {
      summary,
      severity,
      source: w.externalURL ?? null,
      details: {
        status: w.status,
        groupLabels: w.groupLabels,
        commonLabels: w.commonLabels,
        commonAnnotations: w.commonAnnotations,
        // Each alert's labels, annotations and links back to its source.
        alerts: w.alerts.slice(0, 100),
      },
    },
  }
}

export function fromGeneric(e: GenericEvent): AlertEvent {
  return {
    action: e.action,
    dedupKey: e.dedupKey ?? null,
    source: 'generic',
    title: cutTitle(e.summary ?? ''),
    description: describe(e.details),
    urgency: e.urgency ?? 'HIGH',
    alert: { summary: e.summary ?? null, severity: null, source: null, details: e.details ?? {} },
  }
}
