// The escalation sweep, run by every server process (lib/server/startup.ts): fires each incident's
// due step through the incident domain. Any number of instances may sweep at once; the incident's
// compare-and-set lets one of them fire each step (lib/incidents/escalations.ts).
import type { Db } from '@/lib/db/client'
import { dueEscalations, escalateIfDue, type DecideFiring } from '@/lib/incidents/escalations'
import { RetryTransaction } from '@/lib/db/client'
import { nextAfter, stepToFire, type Person } from './rules/engine'
import { stepsOf } from './steps'
import * as store from './store/policies'
import { reachStep } from './targets'
import { describeError, log } from '@/lib/log'

/**
 * What fires for a due incident: its policy's step, the people it reaches, what is due next. One
 * sweep reads each policy, and resolves each step's people, once (all at the sweep's `now`).
 */
function decideAt(db: Db, now: Date): DecideFiring {
  const policies = new Map<string, Promise<store.PolicyRow | null>>()
  const people = new Map<string, Promise<Person[]>>()
  const once = <T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>) => {
    let hit = cache.get(key)
    if (!hit) cache.set(key, (hit = load()))
    return hit
  }
  return async (row, state) => {
    const policyId = state.policyId
    const policy = policyId ? await once(policies, policyId, () => store.findPolicyRow(db.read, policyId)) : null
    const steps = policy ? stepsOf(policy) : []
    const shape = { steps, repeat: policy?.repeat ?? 0 }
    const fire = stepToFire(shape, state, row.status)
    if (!fire) return 'stop'
    const reached = await once(people, `${policyId}:${fire.step}`, () => reachStep(db, steps[fire.step], now))
    return { fired: fire, people: reached, next: nextAfter(shape, fire, row.urgency, now) }
  }
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
