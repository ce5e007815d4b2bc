// Notes: a note is its `note` timeline event, nothing else (details `{ noteId, text }`), so it is
// stored once, ordered with the rest of the story, and sends `incident.annotated` like any event.
// Writing one is a change of the incident with no fields: it bumps `version` (the ETag follows
// the timeline) and `updatedAt`, through the same compare-and-set as every change.
import { newId } from '@/lib/ids'
import type { Actor, TimelineEvent } from '@/lib/schemas/incidents'
import type { Note } from '@/lib/schemas/notes'
import type { Change, PendingEvent } from './plan'

export function noteEvent(text: string, now: Date): PendingEvent & { details: { noteId: string; text: string } } {
  return { type: 'note', details: { noteId: newId('not', now.getTime()), text } }
}

/**
 * `change` with the note `text` written with it, or, when the change is a no-op (null), the note
 * alone: a note sent with a PATCH is written whenever the PATCH succeeds.
 */
export function withNote(change: Change | null, text: string | undefined, actor: Actor, now: Date): Change | null {
  if (text === undefined) return change
  const note = noteEvent(text, now)
  return change ? { ...change, events: [...change.events, note] } : { fields: {}, events: [note], actor, now }
}

/** A `note` timeline event as the notes endpoints show it. */
export function toNote(event: TimelineEvent): Note {
  const { noteId, text } = event.details as { noteId?: unknown; text?: unknown }
  return { id: typeof noteId === 'string' ? noteId : event.id, text: typeof text === 'string' ? text : '', at: event.at, actor: event.actor }
}
