// Reads of notes: an incident's `note` timeline events, oldest first (the timeline's own index,
// incidentId then at then id, serves them).
import type { Db } from '@/lib/db/client'
import type { EventRow } from '../rules/serialize'

/** The incident's notes as timeline rows, or null when there is no such incident. */
export async function findNotes(db: Db, incidentId: string): Promise<EventRow[] | null> {
  const incident = await db.read.incident.findUnique({
    where: { id: incidentId },
    select: {
      id: true,
      timeline: {
        where: { type: 'note' },
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
        select: { id: true, type: true, at: true, actorType: true, actorId: true, actorName: true, details: true },
      },
    },
  })
  return incident?.timeline ?? null
}
