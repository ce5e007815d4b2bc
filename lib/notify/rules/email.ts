// The email a message sends: the incident by number and title, why it reached this person, its
// service, urgency and status, a link to it, and the one-click acknowledge link (contract,
// "Notifications out" → "Email"). Plain text and simple HTML, the same content in both.
import type { Incident, TimelineEvent } from '@/lib/schemas/incidents'
import { incidentLink } from './payload'

export interface EmailContent {
  incident: Incident
  event: TimelineEvent
  /** The person it goes to. */
  to: { name: string; email: string }
  appUrl: string
  /** The acknowledge page's address for this person's link. */
  ackUrl: string
}

export interface Email {
  to: string
  subject: string
  text: string
  html: string
}

/** Why the event reached this person, as the email's first line. */
function reason(event: TimelineEvent): string {
  const d = event.details
  // A string: `escalated` is written by the escalation engine, whatever the event type list says.
  const type: string = event.type
  if (type === 'escalated') {
    const step = typeof d.step === 'number' ? ` step ${d.step}` : ''
    return Array.isArray(d.people) && d.people.length
      ? `Escalation${step} reached you.`
      : `Escalation${step} reached nobody on call, so every admin is told.`
  }
  if (type === 'created') return `A new incident was assigned to you by ${event.actor.name}.`
  return `${event.actor.name} assigned this incident to you.`
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** A display name as a mail header's phrase: quoted, with quotes and backslashes escaped. */
const mailbox = (name: string, email: string) => `"${name.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ')}" <${email}>`

export function emailFor(c: EmailContent): Email {
  const { incident } = c
  const link = incidentLink(c.appUrl, incident)!
  const name = `#${incident.number} ${incident.title}`
  const lines: Array<[string, string]> = [
    ['Service', incident.service.name],
    ['Urgency', incident.urgency],
    ['Status', incident.status],
  ]
  const why = reason(c.event)
  const text = [
    why,
    '',
    name,
    ...lines.map(([k, v]) => `${k}: ${v}`),
    '',
    `Acknowledge (one click, for you only, good for 24 hours): ${c.ackUrl}`,
    `Open the incident: ${link}`,
    '',
  ].join('\n')
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5">
<p>${escapeHtml(why)}</p>
<h1 style="font-size:1.25em">${escapeHtml(name)}</h1>
<table>${lines.map(([k, v]) => `<tr><th align="left" style="padding-right:1em">${k}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<p><a href="${escapeHtml(c.ackUrl)}" style="display:inline-block;padding:0.6em 1.2em;background:#b91c1c;color:#fff;border-radius:6px;text-decoration:none">Acknowledge</a></p>
<p style="font-size:0.9em">The button is for you only and works once, for 24 hours.</p>
<p><a href="${escapeHtml(link)}">Open the incident</a></p>
</body></html>`
  return { to: mailbox(c.to.name, c.to.email), subject: `[${incident.urgency}] ${name} — ${why.replace(/\.$/, '')}`, text, html }
}
