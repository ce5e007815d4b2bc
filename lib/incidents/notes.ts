// Notes on an incident (contract, "Notes"): written as the incident's `note` timeline event with
// the same compare-and-set, outbox message and transaction as any change; never edited or deleted.
// A resolved incident takes notes too.
import { notFound } from '@/lib/errors'
import { MAX_ID_LENGTH } from '@/lib/ids'
import type { Actor } from '@/lib/schemas/incidents'
import type { Note } from '@/lib/schemas/notes'
import { loadForUpdate } from './commands'
import { planWakeIfDue } from './rules/plan'
import { toNote, withNote } from './rules/notes'
import { toTimelineEvent } from './rules/serialize'
import * as store from './store'
import type { Db } from './store'

export async function addNote(db: Db, actor: Actor, incidentId: string, text: string, now?: Date): Promise<Note> {
  // The change is planned again on every attempt: the note answered is the one that was written.
  let written: Note | undefined
  await store.updateIncidentRow(
    db,
    {
      read: async (reader) => ({ row: await loadForUpdate(reader, incidentId) }),
      before: planWakeIfDue,
      change: (_read, _row, at) => {
        const change = withNote(null, text, actor, at)!
        const { noteId } = change.events[0]!.details as { noteId: string }
        written = { id: noteId, text, at: at.toISOString(), actor }
        return change
      },
    },
    () => now ?? new Date(),
  )
  return written!
}

export async function listNotes(db: Db, incidentId: string): Promise<Note[]> {
  if (!incidentId || incidentId.length > MAX_ID_LENGTH) throw notFound('incident')
  const rows = await store.findNotes(db, incidentId)
  if (!rows) throw notFound('incident')
  return rows.map((r) => toNote(toTimelineEvent(r)))
}
