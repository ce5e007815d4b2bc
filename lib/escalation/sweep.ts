// The escalation sweep, run by every server process (lib/server/startup.ts): fires each incident's
// due step through the incident domain. Any number of instances may sweep at once; the incident's
// compare-and-set lets one of them fire each step (lib/incidents/escalations.ts).
import type { Db } from '@/lib/db/client'
import { dueEscalations, escalateIfDue, type DecideFiring } from '@/lib/incidents/escalations'
import { RetryTransaction } from '@/lib/db/client'
import { nextAfter, stepToFire } from './rules/engine'
import { stepsOf } from './steps'
import * as store from './store/policies'
import { reachStep } from './targets'
import { describeError, log } from '@/lib/log'

/** What fires for a due incident: its policy's step, the people it reaches, what is due next. */
const decideAt =
  (db: Db, now: Date): DecideFiring =>
  async (row, state) => {
    const policy = state.policyId ? await store.findPolicyRow(db.read, state.policyId) : null
    const steps = policy ? stepsOf(policy) : []
    const shape = { steps, repeat: policy?.repeat ?? 0 }
    const fire = stepToFire(shape, state, row.status)
    if (!fire) return 'stop'
    const people = await reachStep(db, steps[fire.step], now)
    return { fired: fire, people, next: nextAfter(shape, fire, row.urgency, now) }
  }

/** Fires every step due by `now`, `batch` incidents at a time; returns how many fired. */
export async function escalateDue(db: Db, now = new Date(), batch = 100): Promise<number> {
  const decide = decideAt(db, now)
  let fired = 0
  for (;;) {
    const due = await dueEscalations(db, now, batch)
    let progressed = false
    for (const id of due) {
      try {
        if (await escalateIfDue(db, id, now, decide)) fired++
        progressed = true
      } catch (e) {
        // One incident that cannot be fired must not hold up the others; it stays due and is logged.
        if (!(e instanceof RetryTransaction)) log('error', 'escalation step failed', { incidentId: id, ...describeError(e) })
      }
    }
    if (due.length < batch || !progressed) return fired
  }
}
