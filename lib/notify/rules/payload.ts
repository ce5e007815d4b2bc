// The bodies a message sends. `standard`: `{ type, timestamp, data: { incident, event } }`, the
// incident and the event as the API returns them. `slack`: what a Slack incoming webhook shows,
// `text` (the notification's fallback) plus Block Kit `blocks`, with a link to the incident.
import type { Incident, TimelineEvent } from '@/lib/schemas/incidents'
import type { WebhookEventType } from './types'

export type WebhookFormat = 'standard' | 'slack'

export interface MessageContent {
  type: WebhookEventType
  incident: Incident
  event: TimelineEvent
}

/** `appUrl` without a trailing slash, or undefined: the link is then left out. */
export function incidentLink(appUrl: string | undefined, incident: Incident): string | undefined {
  return appUrl ? `${appUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(incident.id)}` : undefined
}

export function standardBody(m: MessageContent): string {
  return JSON.stringify({ type: m.type, timestamp: m.event.at, data: { incident: m.incident, event: m.event } })
}

const VERB: Record<WebhookEventType, string> = {
  'incident.triggered': 'triggered',
  'incident.acknowledged': 'acknowledged',
  'incident.unacknowledged': 'unacknowledged',
  'incident.resolved': 'resolved',
  'incident.reopened': 'reopened',
  'incident.snoozed': 'snoozed',
  'incident.unsnoozed': 'woken from its snooze',
  'incident.assigned': 'assigned',
  'incident.unassigned': 'unassigned',
  'incident.urgency_changed': 'urgency changed',
  'incident.priority_changed': 'priority changed',
  'incident.annotated': 'note added',
  'incident.escalated': 'escalated',
}

/** Slack's mrkdwn treats these three as control characters; everything else is shown as written. */
const escapeMrkdwn = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function slackBody(m: MessageContent, appUrl: string | undefined): string {
  const { incident } = m
  const link = incidentLink(appUrl, incident)
  const name = `#${incident.number} ${escapeMrkdwn(incident.title)}`
  const headline = `${link ? `<${link}|${name}>` : name} — ${VERB[m.type]} by ${escapeMrkdwn(m.event.actor.name)}`
  const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${escapeMrkdwn(value)}` })
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: headline } },
    {
      type: 'section',
      fields: [
        field('Status', incident.status),
        field('Urgency', incident.urgency),
        field('Service', incident.service.name),
        field('Assignee', incident.assignee?.name ?? 'nobody'),
      ],
    },
  ]
  if (link) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open incident' }, url: link }] })
  const text = `#${incident.number} ${incident.title} — ${VERB[m.type]} (${incident.status}, ${incident.urgency}, ${incident.service.name})`
  return JSON.stringify({ text, blocks })
}

export const bodyFor = (format: WebhookFormat, m: MessageContent, appUrl: string | undefined) =>
  format === 'slack' ? slackBody(m, appUrl) : standardBody(m)
