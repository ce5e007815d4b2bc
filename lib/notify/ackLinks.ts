// One-click acknowledge links from emails (contract, "Notifications out" → "Email"): what a link
// is worth (for the page that shows it) and its use, which acknowledges the incident as the person
// it was sent to through the incidents domain's own update command. A link works once, for 24
// hours, for its incident and person; a disabled person's link works no more.
import type { Db } from '@/lib/db/client'
import { env } from '@/lib/env'
import { AppError, notFound } from '@/lib/errors'
import { updateIncident } from '@/lib/incidents/commands'
import { getIncident } from '@/lib/incidents/queries'
import { canTransition } from '@/lib/incidents/rules/transitions'
import type { Incident } from '@/lib/schemas/incidents'
import { verifyAckLink, type AckLink } from './rules/ackLink'
import { findLinkUser, findUse, forgetUse, recordUse } from './store/ackLinks'

export type AckLinkState =
  | { state: 'invalid' }
  | {
      /** ready: it can acknowledge; settled: the incident is acknowledged or resolved already. */
      state: 'ready' | 'used' | 'expired' | 'settled'
      link: AckLink
      incident: Incident
      user: { id: string; name: string }
    }

/** What `token` is worth at `now`, with the incident and person it names when it is ours. */
export async function inspectAckLink(db: Db, token: string, now = new Date()): Promise<AckLinkState> {
  // The key alone: links already sent keep working after email is turned off.
  const secret = env().ACK_LINK_SECRET
  const check = secret ? verifyAckLink(secret, token, now) : null
  if (!check?.link) return { state: 'invalid' }
  const { link } = check
  const user = await findLinkUser(db, link.userId)
  const found = await getIncident(db, link.incidentId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null
    throw e
  })
  if (!user || user.disabledAt || !found) return { state: 'invalid' }
  const { timeline: _timeline, ...incident } = found.incident
  const seen = { link, incident, user: { id: user.id, name: user.name } }
  if (await findUse(db, link.messageId)) return { state: 'used', ...seen }
  if (!check.ok) return { state: 'expired', ...seen }
  return { state: canTransition(incident.status, 'ACKNOWLEDGED') ? 'ready' : 'settled', ...seen }
}

const refused = (reason: string, message: string) => new AppError('CONFLICT', message, [{ field: 'token', message: reason }])

/**
 * Acknowledges the incident a link names, as its person. Refused: an invalid link (404), one used
 * already, expired, or whose incident is acknowledged or resolved already (409, the reason in
 * details[0].message: used | expired | acknowledged | resolved).
 */
export async function redeemAckLink(db: Db, token: string, now = new Date()): Promise<Incident> {
  const seen = await inspectAckLink(db, token, now)
  if (seen.state === 'invalid') throw notFound('acknowledge link')
  if (seen.state === 'used') throw refused('used', 'this acknowledge link was used already')
  if (seen.state === 'expired') throw refused('expired', 'this acknowledge link has expired (links are good for 24 hours)')
  if (seen.state === 'settled') throw refused(seen.incident.status.toLowerCase(), `incident #${seen.incident.number} is ${seen.incident.status.toLowerCase()} already`)
  const { link, user } = seen
  // The use first: of two simultaneous clicks, one records it and the other is refused.
  if (!(await recordUse(db, { messageId: link.messageId, incidentId: link.incidentId, userId: user.id, usedAt: now }))) {
    throw refused('used', 'this acknowledge link was used already')
  }
  try {
    const { incident } = await updateIncident(db, { type: 'user', id: user.id, name: user.name }, link.incidentId, { status: 'ACKNOWLEDGED' })
    return incident
  } catch (e) {
    await forgetUse(db, link.messageId)
    throw e
  }
}
