import type { Actor } from '@/lib/schemas/incidents'

/** Who made a change no person or key asked for (a snooze that ran out). */
export const SYSTEM_ACTOR: Actor = { type: 'system', name: 'system' }
