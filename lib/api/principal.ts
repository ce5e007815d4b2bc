// Who is calling: an API key (Authorization: Bearer) or a dashboard user (session cookie).
import type { NextRequest } from 'next/server'
import type { Db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { verifyApiKey } from '@/lib/auth/apiKeys'
import { ROLE_SCOPES, type Scope } from '@/lib/schemas/scopes'
import { SESSION_COOKIE, resolveSession } from '@/lib/auth/sessions'
import type { Role } from '@/lib/schemas/enums'
import type { Actor } from '@/lib/schemas/incidents'
import { checkAuthFailures, recordAuthFailure } from './rateLimit'
import { clientAddress, isSameOrigin } from './request'

export type Principal =
  | { kind: 'apiKey'; id: string; name: string; scopes: Scope[]; serviceId: string | null }
  | { kind: 'user'; id: string; name: string; email: string; role: Role; scopes: Scope[]; sessionId: string }

/** Rate limits and idempotency keys belong to the credential, not to the address. */
export const principalKey = (p: Principal) => `${p.kind === 'apiKey' ? 'key' : 'user'}:${p.id}`

export const actorOf = (p: Principal): Actor => ({ type: p.kind === 'apiKey' ? 'apiKey' : 'user', id: p.id, name: p.name })

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * The request's principal, or an UNAUTHORIZED / FORBIDDEN error. A request carrying a Bearer key
 * is judged by the key alone, even if it also has a cookie. Keys are read from the header or, on
 * the ingestion routes, from the body field the route names (PagerDuty's `routing_key`).
 * `beforeWrite`: the request goes on to write (POST, PUT, PATCH, DELETE), so the key may be read
 * where writes are.
 */
export async function authenticate(req: NextRequest, db: Db, keyInBody?: string, beforeWrite = false): Promise<Principal> {
  const authorization = req.headers.get('authorization') ?? (keyInBody === undefined ? null : `Bearer ${keyInBody}`)
  const token = req.cookies.get(SESSION_COOKIE)?.value
  if (authorization === null && !token) {
    throw new AppError('UNAUTHORIZED', 'authentication required: send "Authorization: Bearer <api key>"')
  }
  // An address that keeps presenting bad credentials is turned away before any lookup.
  const address = clientAddress(req)
  await checkAuthFailures(address)
  const refuse = async (message: string) => {
    await recordAuthFailure(address)
    return new AppError('UNAUTHORIZED', message)
  }
  if (authorization !== null) {
    const m = /^Bearer +(\S+) *$/i.exec(authorization)
    if (!m) throw await refuse('use "Authorization: Bearer <api key>"')
    const key = await verifyApiKey(db, m[1], new Date(), beforeWrite)
    if (!key) throw await refuse('the API key is invalid, revoked or expired')
    return { kind: 'apiKey', id: key.id, name: key.name, scopes: key.scopes, serviceId: key.serviceId }
  }
  const user = await resolveSession(db, token!)
  if (!user) throw await refuse('the session has expired; sign in again')
  // Cookies ride along on cross-site requests; only our own pages may write with them.
  if (UNSAFE.has(req.method) && !isSameOrigin(req)) {
    throw new AppError('FORBIDDEN', 'cross-origin request refused: a signed-in write must come from this app')
  }
  return { kind: 'user', id: user.id, name: user.name, email: user.email, role: user.role, scopes: ROLE_SCOPES[user.role], sessionId: user.sessionId }
}

/** The integration an ingestion request comes from (the wrapper has checked it is one). */
export function integrationOf(p: Principal): { actor: Actor; serviceId: string } {
  if (p.kind !== 'apiKey' || !p.serviceId) throw new AppError('FORBIDDEN', 'only an integration key may send events')
  return { actor: actorOf(p), serviceId: p.serviceId }
}
