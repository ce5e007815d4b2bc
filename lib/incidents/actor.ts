import type { Actor } from '@/lib/schemas/incidents'

export const SYSTEM_ACTOR: Actor = { type: 'system', name: 'system' }

/** Timeline columns for an actor. */
export const actorColumns = (a: Actor) => ({ actorType: a.type, actorId: a.id ?? null, actorName: a.name })
