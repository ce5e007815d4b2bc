// What each claimed message sends, fixed when it is first claimed and kept with it, so every retry
// carries the same bytes (and an email the same acknowledge link). The incidents and events the
// new ones report are read in one statement for the whole claim.
import type { Db } from '@/lib/db/client'
import { appUrl, type mailSettings } from '@/lib/env'
import { getEventsWithIncidents } from '@/lib/incidents/queries'
import { signAckLink } from './rules/ackLink'
import { emailFor } from './rules/email'
import { bodyFor } from './rules/payload'
import type { WebhookEventType } from './rules/types'
import type { ClaimedMessage } from './store/messages'

type Mail = NonNullable<ReturnType<typeof mailSettings>>

/**
 * Each message with its body, in the order given; null for one whose event is gone, or an email
 * claimed while email is off (`mail` null): it is left to its lease and tried again later.
 */
export async function withBodies(db: Db, claimed: readonly ClaimedMessage[], mail: Mail | null, now: Date): Promise<(string | null)[]> {
  const subjects = await getEventsWithIncidents(db, claimed.filter((m) => m.body === null).map((m) => m.eventId))
  return claimed.map((m) => {
    if (m.body !== null) return m.body
    const subject = subjects.get(m.eventId)
    if (!subject) return null
    if (m.kind === 'webhook') return bodyFor(m.format, { type: m.type as WebhookEventType, ...subject }, appUrl())
    if (!mail) return null
    // The acknowledge link is good for 24 hours from here.
    const base = appUrl()!.replace(/\/+$/, '')
    const token = signAckLink(mail.ackLinkSecret, { messageId: m.id, incidentId: m.incidentId, userId: m.recipientId }, now)
    return JSON.stringify(emailFor({ ...subject, to: { name: m.recipientName, email: m.recipientEmail }, appUrl: base, ackUrl: `${base}/ack/${token}` }))
  })
}
