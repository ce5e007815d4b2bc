// Whom a step's targets reach at a given time: a user target reaches that user unless disabled; a
// schedule target reaches whoever is on call on it then (lib/oncall), or nobody in a gap.
import type { Db } from '@/lib/db/client'
import type { Step } from '@/lib/schemas/escalation'
import { reached, type Person } from './rules/engine'
import * as store from './store/policies'
import { whoIsOnCall } from '@/lib/oncall/oncall'

/** The schedule ids among `ids` that exist. */
export const existingScheduleIds = async (db: Db, ids: string[]): Promise<string[]> => (ids.length ? store.scheduleIds(db.read, ids) : [])

/** Everyone `step` reaches at `at`, in target order, each once. */
export async function reachStep(db: Db, step: Step, at: Date): Promise<Person[]> {
  const userIds = step.targets.filter((t) => t.type === 'user').map((t) => t.id)
  const scheduleIds = step.targets.filter((t) => t.type === 'schedule').map((t) => t.id)
  const [users, schedules] = await Promise.all([
    userIds.length ? store.usersByIds(db.read, userIds) : [],
    scheduleIds.length ? whoIsOnCall(scheduleIds, at, db) : new Map<string, Person | null>(),
  ])
  const enabled = new Map(users.filter((u) => !u.disabledAt).map((u) => [u.id, { id: u.id, name: u.name, email: u.email }]))
  return reached(step.targets.map((t) => (t.type === 'user' ? (enabled.get(t.id) ?? null) : (schedules.get(t.id) ?? null))))
}
