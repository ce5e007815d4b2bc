// Scopes: what a key or a role may do, and which scope implies which. Plain values, free of zod:
// the API wrapper, the server-rendered pages and the dashboard's hooks all check with hasScope.
import type { Role } from './values'

// Scopes an API key may carry. Exact and lower case; anything else is refused at creation.
export const KEY_SCOPES = ['incidents:read', 'incidents:write', 'events:write'] as const
export type KeyScope = (typeof KEY_SCOPES)[number]
// `admin` (users, services, keys) is never granted to a key: only an admin's session holds it.
export type Scope = KeyScope | 'admin'

// A write scope includes its read scope, as at GitHub, Stripe and PagerDuty. `events:write` is
// reserved for alert ingestion and grants nothing here.
const IMPLIES: Partial<Record<Scope, Scope[]>> = {
  'incidents:write': ['incidents:read'],
  admin: ['incidents:read', 'incidents:write'],
}

export const ROLE_SCOPES: Record<Role, Scope[]> = {
  viewer: ['incidents:read'],
  responder: ['incidents:read', 'incidents:write'],
  admin: ['incidents:read', 'incidents:write', 'admin'],
}

export function hasScope(granted: Iterable<Scope>, needed: Scope): boolean {
  for (const s of granted) if (s === needed || IMPLIES[s]?.includes(needed)) return true
  return false
}

/**
 * An integration: a key holding `events:write` alone, bound to a service. Only an integration may
 * use the ingestion endpoints, and an integration may use nothing else.
 */
export function isIntegration(scopes: readonly Scope[], serviceId: string | null | undefined): boolean {
  return !!serviceId && scopes.length === 1 && scopes[0] === 'events:write'
}

export function isKeyScope(s: string): s is KeyScope {
  return (KEY_SCOPES as readonly string[]).includes(s)
}
