// Escalation's entry points into the incident domain: which incidents have a step due, and the
// firing of one, written like every other change (compare-and-set on the incident's version, its
// events and outbox messages in the same statement or transaction). Two instances sweeping at
// once both read the incident, both decide, and only one write matches the version: the loser
// reads again, finds nothing due, and writes nothing — so each step fires exactly once.
import { notFound } from '@/lib/errors'
import { planEscalation, type Firing } from './rules/escalation'
import type { IncidentRow } from './rules/serialize'
import * as store from './store'
import { dueEscalations, escalationState, type EscalationState } from './store/escalation'
import type { Db } from './store'

export { dueEscalations, type EscalationState, type Firing }

/** Given a due incident and its escalation state: what fires (or `stop`). */
export type DecideFiring = (row: IncidentRow, state: EscalationState) => Promise<Firing | 'stop'>

/** Fires incident `id`'s step if it is due by `now`; returns whether it wrote. */
export async function escalateIfDue(db: Db, id: string, now: Date, decide: DecideFiring): Promise<boolean> {
  let wrote = false
  await store.updateIncidentRow(
    db,
    {
      async read(reader) {
        const row = await store.findRow(reader, id)
        const state = row && (await escalationState(reader, id))
        if (!row || !state) throw notFound('incident')
        const due = state.dueAt !== null && state.dueAt.getTime() <= now.getTime()
        return { row, firing: due ? await decide(row, state) : null }
      },
      before: () => null,
      change({ firing }, row, at) {
        wrote = firing !== null
        return firing && planEscalation(row, firing, at)
      },
    },
    () => new Date(),
  )
  return wrote
}
