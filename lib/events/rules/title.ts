// An incident's title from an alert: trimmed, cut to the incident's title limit.
import { TITLE_MAX } from '@/lib/schemas/incidents'
import type { AlertmanagerWebhook } from '@/lib/schemas/events'

/** Cut at a code point, not inside a surrogate pair. */
export function cutTitle(text: string): string {
  const t = text.trim().replace(/\s+/g, ' ')
  const points = Array.from(t)
  return points.length <= TITLE_MAX ? t : points.slice(0, TITLE_MAX - 1).join('') + '…'
}

/**
 * Alertmanager/Grafana: the group's `summary` annotation, else Grafana's `title`, else the
 * alertname with the group labels (`HighLatency (service=api, env=prod)`).
 */
export function alertmanagerTitle(w: AlertmanagerWebhook): string {
  const summary = w.commonAnnotations.summary?.trim()
  if (summary) return cutTitle(summary)
  if (w.title?.trim()) return cutTitle(w.title)
  const alertname = w.groupLabels.alertname ?? w.commonLabels.alertname ?? w.alerts[0]?.labels.alertname ?? 'Alert'
  const rest = Object.entries(w.groupLabels)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${v}`)
  return cutTitle(rest.length ? `${alertname} (${rest.join(', ')})` : alertname)
}
