// What the dashboard shows of a stored alert: its labels, annotations and the links back to the
// tool that sent it, read from the details each endpoint keeps (see normalize.ts). Pure.
import type { Incident } from '@/lib/schemas/incidents'

export const SOURCE_LABEL: Record<NonNullable<Incident['source']>, string> = {
  events: 'Events API',
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  generic: 'Generic',
}

export interface AlertLink {
  href: string
  text: string
}

/** One alert of an Alertmanager/Grafana group: what sets it apart from the group. */
export interface AlertMember {
  status: string | null
  labels: [string, string][]
  annotations: [string, string][]
  links: AlertLink[]
}

export interface AlertDisplay {
  labels: [string, string][]
  annotations: [string, string][]
  links: AlertLink[]
  members: AlertMember[]
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))
const entries = (v: unknown, except: Record<string, unknown> = {}): [string, string][] =>
  isRecord(v) ? Object.entries(v).filter(([k, x]) => except[k] !== x).map(([k, x]) => [k, text(x)]) : []

/** Only http(s) links are shown: an alert's sender is not trusted with javascript: or data: URLs. */
export function safeHref(v: unknown): string | null {
  if (typeof v !== 'string') return null
  try {
    const u = new URL(v)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}

const link = (href: unknown, label: unknown, fallback: string): AlertLink[] => {
  const safe = safeHref(href)
  return safe ? [{ href: safe, text: typeof label === 'string' && label.trim() ? label : fallback }] : []
}

// Grafana adds these beside Alertmanager's generatorURL.
const MEMBER_LINKS: [string, string][] = [
  ['generatorURL', 'Source'],
  ['dashboardURL', 'Dashboard'],
  ['panelURL', 'Panel'],
  ['silenceURL', 'Silence'],
]

/** At most this many alerts of a group are itemized; the rest are counted. */
export const MEMBERS_SHOWN = 10

export function describeAlert(source: Incident['source'], details: Record<string, unknown>): AlertDisplay {
  // The shape decides, not only the incident's source: a key can be fed through several endpoints.
  if (source === 'alertmanager' || source === 'grafana' || (Array.isArray(details.alerts) && isRecord(details.groupLabels))) {
    const common = isRecord(details.commonLabels) ? details.commonLabels : {}
    const commonAnnotations = isRecord(details.commonAnnotations) ? details.commonAnnotations : {}
    const members = (Array.isArray(details.alerts) ? details.alerts : []).filter(isRecord).map((a) => ({
      status: typeof a.status === 'string' ? a.status : null,
      labels: entries(a.labels, common),
      annotations: entries(a.annotations, commonAnnotations),
      links: MEMBER_LINKS.flatMap(([field, label]) => link(a[field], label, label)),
    }))
    // Prometheus rules by convention carry their runbook in this annotation.
    const runbook = link(commonAnnotations.runbook_url, undefined, 'Runbook')
    return { labels: entries(common), annotations: entries(commonAnnotations), links: runbook, members }
  }
  if (source === 'events') {
    const links = [
      ...(Array.isArray(details.links) ? details.links : []).filter(isRecord).flatMap((l) => link(l.href, l.text, 'Link')),
      ...(Array.isArray(details.images) ? details.images : []).filter(isRecord).flatMap((i) => link(i.href ?? i.src, i.alt, 'Image')),
    ]
    const fields = Object.fromEntries(['component', 'group', 'class'].filter((k) => details[k] !== undefined).map((k) => [k, details[k]]))
    return { labels: entries(fields), annotations: entries(details.custom_details), links, members: [] }
  }
  return { labels: [], annotations: entries(details), links: [], members: [] }
}
