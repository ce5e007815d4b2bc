// Bulk changes (contract, "Bulk changes"): the same update to many incidents, each through
// updateIncident exactly as its own PATCH would be — its own transaction, its own events, its own
// answer — one after another in the order given, so one failing leaves the others as they are.
import type { Actor, UpdateIncidentInput } from '@/lib/schemas/incidents'
import { updateIncident, type IncidentResult } from './commands'
import type { Db } from './store'

export type Settled = { id: string; ok: true; result: IncidentResult } | { id: string; ok: false; error: unknown }

export async function updateIncidents(db: Db, actor: Actor, ids: string[], input: UpdateIncidentInput): Promise<Settled[]> {
  const settled: Settled[] = []
  // One at a time: a large selection must not take every database connection (or the SQLite
  // writer) from the other requests, and the results keep the order of the ids.
  for (const id of ids) {
    try {
      settled.push({ id, ok: true, result: await updateIncident(db, actor, id, input) })
    } catch (error) {
      settled.push({ id, ok: false, error })
    }
  }
  return settled
}
