// The shift computation: who is on call when, from a schedule's layers and overrides. Pure.
//
// A layer's shifts: `users[0]` from `start` until the first handoff after it, then the next user
// at each handoff, round and round. Handoffs are the local `handoffTime` in the schedule's zone —
// every day (`daily`), every week on the weekday of `start` (`weekly`) — or every `lengthHours`
// hours of elapsed time, counted from `handoffTime` on the local day of `start` (`hours`). Daily
// and weekly handoffs keep their local time across daylight-saving changes, so such a shift lasts
// 23 or 25 hours on those days; an `hours` shift always lasts exactly `lengthHours`.
//
// The final shifts: at any instant the override covering it, else the highest layer — the last
// one in the list — that has someone then. Before its start, or while its person is disabled, a
// layer has nobody and the layers below show through. An override for a disabled person does
// not count.
import { DateTime } from 'luxon'
import { addDays, localDate, localInstant, offsetAt, type LocalDate } from './localTime'

export type Rotation = 'daily' | 'weekly' | 'hours'
export const ROTATIONS = ['daily', 'weekly', 'hours'] as const satisfies readonly Rotation[]

export interface OnCallUser {
  id: string
  name: string
  email: string
  disabled?: boolean
}

export interface LayerSpec {
  start: Date
  rotation: Rotation
  /** rotation `hours` only */
  lengthHours?: number | null
  handoffTime: string
  users: OnCallUser[]
}

export interface OverrideSpec {
  user: OnCallUser
  start: Date
  end: Date
}

export interface ScheduleSpec {
  timeZone: string
  layers: LayerSpec[]
  overrides: OverrideSpec[]
}

/** A stretch of time and who is on call through it (null: nobody). */
export interface Segment {
  start: Date
  end: Date
  user: OnCallUser | null
}

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

interface Handoffs {
  /** Handoff k (k ≥ 0: the k-th after start), computed from scratch. */
  at(k: number): number
  /** Handoff k, given handoff k-1: the cheap way when walking forward. */
  next(k: number, previous: number): number
  approxStepMs: number
}

/** The instants a layer hands off at: handoff 0 is the first handoff after `start`. */
function handoffs(layer: LayerSpec, zone: string): Handoffs {
  const start = layer.start.getTime()
  if (layer.rotation === 'hours') {
    const stepMs = (layer.lengthHours ?? 0) * HOUR_MS
    if (!(stepMs > 0)) throw new RangeError('an hours rotation needs lengthHours ≥ 1')
    const anchor = localInstant(localDate(layer.start, zone), layer.handoffTime, zone).at.toMillis()
    const first = anchor + (Math.floor((start - anchor) / stepMs) + 1) * stepMs
    const at = (k: number) => first + k * stepMs
    return { at, next: at, approxStepMs: stepMs }
  }
  const stepDays = layer.rotation === 'weekly' ? 7 : 1
  const day0 = localDate(layer.start, zone)
  const firstDay: LocalDate = localInstant(day0, layer.handoffTime, zone).at.toMillis() > start ? day0 : addDays(day0, stepDays)
  const exactAt = new Map<number, boolean>()
  const at = (k: number) => {
    const found = localInstant(addDays(firstDay, k * stepDays), layer.handoffTime, zone)
    const ms = found.at.toMillis()
    exactAt.set(ms, found.exact)
    return ms
  }
  const offsetOf = offsetAt(zone)
  const offsets = new Map<number, number>()
  const offset = (ms: number) => offsets.get(ms) ?? offsets.set(ms, offsetOf(ms)).get(ms)!
  return {
    at,
    // Resolving a local time in a zone is the costly step (Luxon asks Intl several times). When
    // the previous handoff fell on its local time and the zone's offset is the same a whole step
    // later, that instant is the same local time on the next day or week — so one offset look-up
    // confirms it, and only handoffs next to an offset change are resolved in full.
    next: (k, previous) => {
      const candidate = previous + stepDays * DAY_MS
      if (exactAt.get(previous) && offset(candidate) === offset(previous)) {
        exactAt.set(candidate, true)
        return candidate
      }
      return at(k)
    },
    approxStepMs: stepDays * DAY_MS,
  }
}

/** One layer's segments, contiguous over [from, to). */
export function layerSegments(layer: LayerSpec, zone: string, from: Date, to: Date): Segment[] {
  const fromMs = from.getTime()
  const toMs = to.getTime()
  const startMs = layer.start.getTime()
  const out: Segment[] = []
  if (fromMs >= toMs) return out
  if (layer.users.length === 0 || toMs <= startMs) return [{ start: from, end: to, user: null }]
  if (fromMs < startMs) out.push({ start: from, end: new Date(startMs), user: null })

  const h = handoffs(layer, zone)
  // Shift k runs from handoff k-1 (shift 0: from start) to handoff k. Find the one holding `t`.
  const t = Math.max(fromMs, startMs)
  let k = 0
  if (t >= h.at(0)) {
    k = Math.max(1, Math.floor((t - h.at(0)) / h.approxStepMs) + 1)
    while (k > 1 && h.at(k - 1) > t) k--
    while (h.at(k) <= t) k++
  }
  let shiftStart = k === 0 ? startMs : h.at(k - 1)
  while (shiftStart < toMs) {
    const shiftEnd = k === 0 ? h.at(0) : h.next(k, shiftStart)
    const person = layer.users[k % layer.users.length]
    out.push({
      start: new Date(Math.max(shiftStart, fromMs)),
      end: new Date(Math.min(shiftEnd, toMs)),
      user: person.disabled ? null : person,
    })
    shiftStart = shiftEnd
    k++
  }
  return merge(out)
}

/** Joins neighbours with the same person (or both nobody). */
export function merge(segments: Segment[]): Segment[] {
  const out: Segment[] = []
  for (const s of segments) {
    const last = out.at(-1)
    if (last && last.end.getTime() === s.start.getTime() && last.user?.id === s.user?.id) {
      out[out.length - 1] = { ...last, end: s.end }
    } else out.push(s)
  }
  return out
}

/** Overrides that count, clipped to [from, to), in order. */
function overrideSegments(overrides: OverrideSpec[], from: Date, to: Date): Segment[] {
  return overrides
    .filter((o) => !o.user.disabled && o.end > from && o.start < to && o.start < o.end)
    .map((o) => ({ start: o.start < from ? from : o.start, end: o.end > to ? to : o.end, user: o.user }))
    .sort((a, b) => a.start.getTime() - b.start.getTime())
}

/** Walks a list of contiguous or sorted segments, answering which one holds an instant. */
function cursor(segments: Segment[]) {
  let i = 0
  return (t: number): Segment | undefined => {
    while (i < segments.length && segments[i].end.getTime() <= t) i++
    const s = segments[i]
    return s && s.start.getTime() <= t ? s : undefined
  }
}

/**
 * The final timeline over [from, to): contiguous, ordered, merged, with `user: null` where nobody
 * is on call. Each layer's segments and the overrides are computed once, then walked together.
 */
export function finalSegments(schedule: ScheduleSpec, from: Date, to: Date): Segment[] {
  if (from >= to) return []
  const layers = schedule.layers.map((l) => layerSegments(l, schedule.timeZone, from, to))
  const overrides = overrideSegments(schedule.overrides, from, to)
  const bounds = new Set<number>([from.getTime(), to.getTime()])
  for (const list of [...layers, overrides]) for (const s of list) bounds.add(s.start.getTime()).add(s.end.getTime())
  const instants = [...bounds].sort((a, b) => a - b)

  const layerAt = layers.map(cursor)
  const overrideAt = cursor(overrides)
  const out: Segment[] = []
  for (let i = 0; i + 1 < instants.length; i++) {
    const t = instants[i]
    let user = overrideAt(t)?.user ?? null
    // Every cursor advances on every instant, whether or not a higher one already answered.
    const byLayer = layerAt.map((at) => at(t)?.user ?? null)
    if (!user) user = byLayer.findLast((u) => u !== null) ?? null
    out.push({ start: new Date(t), end: new Date(instants[i + 1]), user })
  }
  return merge(out)
}

/** The final shifts over [from, to): only the stretches someone is on call. */
export function shifts(schedule: ScheduleSpec, from: Date, to: Date): (Segment & { user: OnCallUser })[] {
  return finalSegments(schedule, from, to).filter((s): s is Segment & { user: OnCallUser } => s.user !== null)
}

/** How far ahead `onCallAt` looks for the end of the current stretch. */
export const UNTIL_HORIZON_DAYS = 90

/**
 * Who is on call at `at` (null: nobody) and until when: the end of that stretch, or null when it
 * does not end within the horizon.
 */
export function onCallAt(schedule: ScheduleSpec, at: Date, horizonDays = UNTIL_HORIZON_DAYS): { user: OnCallUser | null; until: Date | null } {
  const horizon = DateTime.fromJSDate(at).plus({ days: horizonDays }).toJSDate()
  const [first] = finalSegments(schedule, at, horizon)
  return { user: first?.user ?? null, until: first && first.end < horizon ? first.end : null }
}
