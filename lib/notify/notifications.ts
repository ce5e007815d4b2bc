// What an incident's changes sent and whether it arrived, for anyone who may read the incident.
import type { Db } from '@/lib/db/client'
import { getIncident } from '@/lib/incidents/queries'
import { MAX_ID_LENGTH } from '@/lib/ids'
import { notFound } from '@/lib/errors'
import type { IncidentNotification } from '@/lib/schemas/webhooks'
import { destinationOf } from './rules/destination'
import { incidentMessages } from './store/subscriptions'

export const NOTIFICATIONS_SHOWN = 100

/** The incident's newest messages, newest first; 404 for an unknown incident. */
export async function incidentNotifications(db: Db, incidentId: string): Promise<IncidentNotification[]> {
  if (!incidentId || incidentId.length > MAX_ID_LENGTH) throw notFound('incident')
  const messages = await incidentMessages(db, incidentId, NOTIFICATIONS_SHOWN)
  // No message: the incident may not exist, and only its own domain can say.
  if (!messages.length) await getIncident(db, incidentId)
  const recipientIds = [...new Set(messages.flatMap((m) => (m.recipientId ? [m.recipientId] : [])))]
  const names = new Map(
    recipientIds.length ? (await db.read.user.findMany({ where: { id: { in: recipientIds } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]) : [],
  )
  return messages.map((m) => {
    const last = m.deliveryAttempts[0]
    return {
      id: m.id,
      kind: m.kind === 'email' ? 'email' : 'webhook',
      type: m.type,
      eventId: m.eventId,
      destination: m.subscription ? destinationOf(m.subscription.url) : (names.get(m.recipientId ?? '') ?? 'a removed user'),
      subscriptionId: m.subscriptionId,
      state: m.state as IncidentNotification['state'],
      attempts: m.attempts,
      lastAttemptAt: last?.at.toISOString() ?? null,
      lastStatus: last?.status ?? null,
      lastError: last?.error ?? null,
      nextAttemptAt: m.state === 'pending' ? m.nextAttemptAt.toISOString() : null,
      createdAt: m.createdAt.toISOString(),
    }
  })
}
