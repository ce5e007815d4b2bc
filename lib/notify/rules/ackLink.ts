// The one-click acknowledge link an email carries (contract, "Notifications out" → "Email"): for
// one incident and one person, good for 24 hours, signed with HMAC-SHA256 under ACK_LINK_SECRET so
// nobody can make one for another incident or person. The token names the email it came in (its
// message id), which is what the database records to let each link be used once.
import { createHmac, timingSafeEqual } from 'node:crypto'

export const ACK_LINK_VALID_MS = 24 * 3_600_000

export interface AckLink {
  /** The email's message id: the link's identity, used once. */
  messageId: string
  incidentId: string
  userId: string
  expiresAt: Date
}

interface Payload {
  m: string
  i: string
  u: string
  /** Expiry, whole seconds since the epoch. */
  e: number
}

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(`ack-link.${data}`).digest()

/** The token of a link issued at `issuedAt` (expiring 24 hours later): `payload.signature`, both base64url. */
export function signAckLink(secret: string, link: Omit<AckLink, 'expiresAt'>, issuedAt: Date): string {
  const payload: Payload = { m: link.messageId, i: link.incidentId, u: link.userId, e: Math.floor((issuedAt.getTime() + ACK_LINK_VALID_MS) / 1000) }
  const data = Buffer.from(JSON.stringify(payload)).toString('base64url')
  return `${data}.${mac(secret, data).toString('base64url')}`
}

export type AckLinkCheck = { ok: true; link: AckLink } | { ok: false; reason: 'invalid' | 'expired'; link?: AckLink }

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 64

/** What `token` is worth at `now`: a link, expired (still naming its incident), or invalid (malformed or not ours). */
export function verifyAckLink(secret: string, token: string, now: Date): AckLinkCheck {
  const [data, signature, ...rest] = token.split('.')
  if (!data || !signature || rest.length) return { ok: false, reason: 'invalid' }
  const expected = mac(secret, data)
  const given = Buffer.from(signature, 'base64url')
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' }
  let p: Partial<Payload>
  try {
    p = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as Partial<Payload>
  } catch {
    return { ok: false, reason: 'invalid' }
  }
  if (!isText(p.m) || !isText(p.i) || !isText(p.u) || !Number.isInteger(p.e)) return { ok: false, reason: 'invalid' }
  const link: AckLink = { messageId: p.m, incidentId: p.i, userId: p.u, expiresAt: new Date(p.e! * 1000) }
  return now < link.expiresAt ? { ok: true, link } : { ok: false, reason: 'expired', link }
}
