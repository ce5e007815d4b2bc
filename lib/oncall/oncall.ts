// The on-call domain's entry points for the rest of the app: who is on call on which schedule,
// a schedule's shifts, and everyone on call now. The escalation engine resolves `schedule`
// targets through `whoIsOnCall`.
import { getDb, type Db } from '@/lib/db/client'
import type { OnCall, Shift, Shifts } from '@/lib/schemas/schedules'
import { finalSegments, layerSegments, onCallAt, type OnCallUser, type Segment } from './rules/shifts'
import { loadSpec, toSpec } from './schedules'
import * as store from './store/schedules'

export type OnCallPerson = { id: string; name: string; email: string }

const ref = (u: OnCallUser): OnCallPerson => ({ id: u.id, name: u.name, email: u.email })

/**
 * Who is on call at `at` on each schedule: a map from every id asked for to the person, or null
 * when nobody is (a gap, a disabled person, an unknown or deleted schedule).
 */
export async function whoIsOnCall(scheduleIds: string[], at: Date, db?: Db): Promise<Map<string, OnCallPerson | null>> {
  const out = new Map<string, OnCallPerson | null>(scheduleIds.map((id) => [id, null]))
  if (scheduleIds.length === 0) return out
  const rows = await store.listSchedules(db ?? (await getDb()), [...new Set(scheduleIds)])
  for (const row of rows) {
    const [now] = finalSegments(toSpec(row), at, new Date(at.getTime() + 1))
    out.set(row.id, now?.user ? ref(now.user) : null)
  }
  return out
}

const toShifts = (segments: Segment[]): Shift[] =>
  segments.flatMap((s) => (s.user ? [{ start: s.start.toISOString(), end: s.end.toISOString(), user: ref(s.user) }] : []))

/** The final shifts of a schedule over [from, to), and each layer's and override's own. */
export async function scheduleShifts(db: Db, id: string, from: Date, to: Date): Promise<Shifts> {
  const { row, spec } = await loadSpec(db, id)
  return {
    shifts: toShifts(finalSegments(spec, from, to)),
    layers: spec.layers.map((layer, i) => ({ name: row.layers[i].name, shifts: toShifts(layerSegments(layer, spec.timeZone, from, to)) })),
    overrides: toShifts(
      spec.overrides
        .filter((o) => !o.user.disabled && o.end > from && o.start < to)
        .map((o) => ({ start: o.start < from ? from : o.start, end: o.end > to ? to : o.end, user: o.user })),
    ),
  }
}

/** Who is on call now on every schedule, and until when. */
export async function onCallNow(db: Db, at = new Date()): Promise<OnCall> {
  const rows = await store.listSchedules(db)
  return {
    oncall: rows.map((row) => {
      const { user, until } = onCallAt(toSpec(row), at)
      return { schedule: { id: row.id, name: row.name }, user: user && ref(user), until: until?.toISOString() ?? null }
    }),
  }
}
