// Which policies use a schedule: the on-call domain refuses to delete a schedule a policy pages
// through (409), rather than leave a step that silently reaches nobody.
import type { Db } from '@/lib/db/client'
import { stepsOf } from './steps'
import * as store from './store/policies'

/** The policies whose steps name schedule `scheduleId`. */
export async function policiesUsingSchedule(db: Db, scheduleId: string): Promise<{ id: string; name: string }[]> {
  const rows = await store.listPolicyRows(db)
  return rows.filter((r) => stepsOf(r).some((s) => s.targets.some((t) => t.type === 'schedule' && t.id === scheduleId))).map((r) => ({ id: r.id, name: r.name }))
}
