// The shift computation (lib/oncall/rules/shifts.ts): rotations, local handoff times across
// daylight-saving changes, month ends, overrides, layer precedence, gaps.
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { localInstant } from '@/lib/oncall/rules/localTime'
import { finalSegments, layerSegments, onCallAt, shifts, type LayerSpec, type OnCallUser, type ScheduleSpec } from '@/lib/oncall/rules/shifts'

const person = (id: string, disabled = false): OnCallUser => ({ id, name: id.toUpperCase(), email: `${id}@example.com`, disabled })
const A = person('a')
const B = person('b')
const C = person('c')
const D = person('d')
const at = (iso: string) => new Date(iso)
const hours = (s: { start: Date; end: Date }) => (s.end.getTime() - s.start.getTime()) / 3_600_000
const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm')
const view = (list: { start: Date; end: Date; user: OnCallUser | null }[]) => list.map((s) => [s.start.toISOString(), s.end.toISOString(), s.user?.id ?? null])

const layer = (l: Partial<LayerSpec> & Pick<LayerSpec, 'start'>): LayerSpec => ({ rotation: 'daily', handoffTime: '09:00', users: [A, B], ...l })
const schedule = (timeZone: string, layers: LayerSpec[], overrides: ScheduleSpec['overrides'] = []): ScheduleSpec => ({ timeZone, layers, overrides })

describe('daily rotation, Europe/Berlin 09:00', () => {
  const zone = 'Europe/Berlin'
  const l = layer({ start: at('2026-03-26T08:00:00Z') }) // Thu 09:00 CET

  it('stays at 09:00 local across the spring change: a 23-hour shift', () => {
    const segs = layerSegments(l, zone, at('2026-03-27T00:00:00Z'), at('2026-04-01T00:00:00Z'))
    const inner = segs.slice(1, -1)
    for (const s of inner) expect(local(s.start, zone)).toMatch(/ 09:00$/)
    // Sat 28 09:00 CET (08:00Z) → Sun 29 09:00 CEST (07:00Z)
    const short = segs.find((s) => s.start.toISOString() === '2026-03-28T08:00:00.000Z')!
    expect(short.end.toISOString()).toBe('2026-03-29T07:00:00.000Z')
    expect(hours(short)).toBe(23)
    expect(inner.filter((s) => hours(s) !== 24)).toEqual([short])
  })

  it('stays at 09:00 local across the autumn change: a 25-hour shift', () => {
    const segs = layerSegments(l, zone, at('2026-10-22T00:00:00Z'), at('2026-10-28T00:00:00Z'))
    for (const s of segs.slice(1)) expect(local(s.start, zone)).toMatch(/ 09:00$/)
    const long = segs.find((s) => s.start.toISOString() === '2026-10-24T07:00:00.000Z')!
    expect(long.end.toISOString()).toBe('2026-10-25T08:00:00.000Z')
    expect(hours(long)).toBe(25)
  })

  it('rotates users in order, users[0] from start until the first handoff after it', () => {
    const segs = layerSegments(layer({ start: at('2026-03-26T05:00:00Z'), users: [A, B, C] }), zone, at('2026-03-26T05:00:00Z'), at('2026-03-29T07:00:00Z'))
    expect(view(segs)).toEqual([
      ['2026-03-26T05:00:00.000Z', '2026-03-26T08:00:00.000Z', 'a'],
      ['2026-03-26T08:00:00.000Z', '2026-03-27T08:00:00.000Z', 'b'],
      ['2026-03-27T08:00:00.000Z', '2026-03-28T08:00:00.000Z', 'c'],
      ['2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z', 'a'],
    ])
  })

  it('has nobody before the layer starts', () => {
    const segs = layerSegments(l, zone, at('2026-03-25T00:00:00Z'), at('2026-03-26T09:00:00Z'))
    expect(view(segs)[0]).toEqual(['2026-03-25T00:00:00.000Z', '2026-03-26T08:00:00.000Z', null])
  })

  it('a handoff in the spring-forward gap happens as late as the gap is long; a doubled one at its first occurrence', () => {
    const night = layer({ start: at('2026-03-27T00:00:00Z'), handoffTime: '02:30' })
    const spring = layerSegments(night, zone, at('2026-03-28T12:00:00Z'), at('2026-03-30T12:00:00Z'))
    // 02:30 does not exist on 29 March: 03:30 CEST (01:30Z).
    expect(spring.map((s) => s.start.toISOString())).toContain('2026-03-29T01:30:00.000Z')
    // …and the next day's is back at 02:30 (CEST: 00:30Z).
    expect(spring.map((s) => s.start.toISOString())).toContain('2026-03-30T00:30:00.000Z')
    const autumn = layerSegments({ ...night, start: at('2026-10-23T00:00:00Z') }, zone, at('2026-10-24T12:00:00Z'), at('2026-10-26T12:00:00Z'))
    // 02:30 happens twice on 25 October: the first, 02:30 CEST (00:30Z).
    expect(autumn.map((s) => s.start.toISOString())).toContain('2026-10-25T00:30:00.000Z')
    // The same when that handoff is the layer's first, resolved from scratch.
    const fresh = layerSegments({ ...night, start: at('2026-10-24T23:00:00Z') }, zone, at('2026-10-24T23:00:00Z'), at('2026-10-25T12:00:00Z'))
    expect(fresh[0].end.toISOString()).toBe('2026-10-25T00:30:00.000Z')
    expect(localInstant({ year: 2026, month: 10, day: 25 }, '02:30', zone)).toMatchObject({ exact: true })
    expect(localInstant({ year: 2026, month: 10, day: 25 }, '02:30', zone).at.toISO()).toBe('2026-10-25T02:30:00.000+02:00')
    expect(localInstant({ year: 2026, month: 3, day: 29 }, '02:30', zone).at.toISO()).toBe('2026-03-29T03:30:00.000+02:00')
  })
})

describe('weekly rotation, America/New_York', () => {
  const zone = 'America/New_York'
  // Monday 2 March 2026, 09:00 EST; handoff every Monday at 09:00.
  const l = layer({ start: at('2026-03-02T14:00:00Z'), rotation: 'weekly', users: [A, B, C] })

  it('hands off on the weekday of start at 09:00 local across the March change (7 days less an hour)', () => {
    const segs = layerSegments(l, zone, l.start, at('2026-03-23T14:00:00Z'))
    expect(view(segs)).toEqual([
      ['2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z', 'a'],
      ['2026-03-09T13:00:00.000Z', '2026-03-16T13:00:00.000Z', 'b'],
      ['2026-03-16T13:00:00.000Z', '2026-03-23T13:00:00.000Z', 'c'],
      ['2026-03-23T13:00:00.000Z', '2026-03-23T14:00:00.000Z', 'a'],
    ])
    expect(hours(segs[0])).toBe(7 * 24 - 1)
  })

  it('and across the November change (7 days and an hour)', () => {
    const segs = layerSegments(l, zone, at('2026-10-27T00:00:00Z'), at('2026-11-10T00:00:00Z'))
    const across = segs.find((s) => s.start.toISOString() === '2026-10-26T13:00:00.000Z' || s.end.toISOString() === '2026-11-02T14:00:00.000Z')!
    expect(across.end.toISOString()).toBe('2026-11-02T14:00:00.000Z')
    for (const s of segs.slice(1)) expect(DateTime.fromJSDate(s.start, { zone }).toFormat('ccc HH:mm')).toBe('Mon 09:00')
    // 35 weeks after start: a[0], b, c … week k belongs to users[k % 3].
    const weeks = Math.round((DateTime.fromISO('2026-11-02', { zone }).diff(DateTime.fromISO('2026-03-02', { zone }), 'weeks').weeks))
    expect(segs[1].user?.id).toBe([A, B, C][weeks % 3].id)
  })

  it('a start after the handoff time hands off a week later', () => {
    const late = layer({ start: at('2026-03-02T20:00:00Z'), rotation: 'weekly' })
    expect(layerSegments(late, zone, late.start, at('2026-03-12T00:00:00Z'))[0].end.toISOString()).toBe('2026-03-09T13:00:00.000Z')
  })
})

describe('half-hour changes (Australia/Lord_Howe)', () => {
  it('after a handoff moved by a 30-minute gap, the next one is back at the local time', () => {
    const zone = 'Australia/Lord_Howe'
    const l = layer({ start: at('2026-09-30T00:00:00Z'), handoffTime: '02:00' })
    const starts = layerSegments(l, zone, l.start, at('2026-10-07T00:00:00Z')).slice(1).map((s) => local(s.start, zone))
    expect(starts).toEqual(['2026-10-01 02:00', '2026-10-02 02:00', '2026-10-03 02:00', '2026-10-04 02:30', '2026-10-05 02:00', '2026-10-06 02:00', '2026-10-07 02:00'])
  })
})

describe('month ends', () => {
  it('daily handoffs walk through the end of January, a leap February and the end of a year', () => {
    const zone = 'Europe/Berlin'
    const l = layer({ start: at('2027-12-30T08:00:00Z'), users: [A] })
    const starts = layerSegments({ ...l, users: [A, B] }, zone, at('2027-12-30T08:00:00Z'), at('2028-03-02T09:00:00Z')).map((s) => local(s.start, zone))
    expect(starts).toContain('2028-01-01 09:00')
    expect(starts).toContain('2028-02-29 09:00')
    expect(starts).toContain('2028-03-01 09:00')
    expect(starts).toHaveLength(64)
  })

  it('weekly handoffs from 31 January land on the right days of February and March', () => {
    const zone = 'UTC'
    const l = layer({ start: at('2026-01-31T10:00:00Z'), rotation: 'weekly', handoffTime: '10:00' })
    const starts = layerSegments(l, zone, l.start, at('2026-03-08T00:00:00Z')).map((s) => s.start.toISOString().slice(0, 10))
    expect(starts).toEqual(['2026-01-31', '2026-02-07', '2026-02-14', '2026-02-21', '2026-02-28', '2026-03-07'])
  })
})

describe('every N hours', () => {
  it('hands off every lengthHours, counted from the handoff time on the day of start', () => {
    const l = layer({ start: at('2026-05-01T07:00:00Z'), rotation: 'hours', lengthHours: 8, handoffTime: '06:00', users: [A, B, C] })
    expect(view(layerSegments(l, 'UTC', l.start, at('2026-05-02T06:00:00Z')))).toEqual([
      ['2026-05-01T07:00:00.000Z', '2026-05-01T14:00:00.000Z', 'a'],
      ['2026-05-01T14:00:00.000Z', '2026-05-01T22:00:00.000Z', 'b'],
      ['2026-05-01T22:00:00.000Z', '2026-05-02T06:00:00.000Z', 'c'],
    ])
  })

  it('counts elapsed hours across a daylight-saving change', () => {
    const l = layer({ start: at('2026-03-28T07:00:00Z'), rotation: 'hours', lengthHours: 12, handoffTime: '08:00', users: [A, B] })
    const segs = layerSegments(l, 'Europe/Berlin', at('2026-03-28T12:00:00Z'), at('2026-03-31T00:00:00Z'))
    for (const s of segs.slice(1, -1)) expect(hours(s)).toBe(12)
  })

  it('finds the right shift far from start without walking from it', () => {
    const l = layer({ start: at('2020-01-01T00:00:00Z'), rotation: 'hours', lengthHours: 5, handoffTime: '00:00', users: [A, B, C] })
    const [first] = layerSegments(l, 'UTC', at('2026-01-01T01:00:00Z'), at('2026-01-01T02:00:00Z'))
    const k = Math.floor((Date.parse('2026-01-01T01:00:00Z') - Date.parse('2020-01-01T00:00:00Z')) / (5 * 3_600_000))
    expect(first.user?.id).toBe([A, B, C][k % 3].id)
  })
})

describe('final shifts', () => {
  const zone = 'UTC'
  const base = layer({ start: at('2026-06-01T09:00:00Z'), users: [A, B] })
  const from = at('2026-06-01T09:00:00Z')
  const to = at('2026-06-04T09:00:00Z')

  it('an override covering part of a shift splits it in three', () => {
    const s = schedule(zone, [base], [{ user: C, start: at('2026-06-01T12:00:00Z'), end: at('2026-06-01T15:00:00Z') }])
    expect(view(shifts(s, from, at('2026-06-02T09:00:00Z')))).toEqual([
      ['2026-06-01T09:00:00.000Z', '2026-06-01T12:00:00.000Z', 'a'],
      ['2026-06-01T12:00:00.000Z', '2026-06-01T15:00:00.000Z', 'c'],
      ['2026-06-01T15:00:00.000Z', '2026-06-02T09:00:00.000Z', 'a'],
    ])
  })

  it('an override spanning several shifts replaces them all, as one shift', () => {
    const s = schedule(zone, [base], [{ user: C, start: at('2026-06-01T20:00:00Z'), end: at('2026-06-03T20:00:00Z') }])
    expect(view(shifts(s, from, to))).toEqual([
      ['2026-06-01T09:00:00.000Z', '2026-06-01T20:00:00.000Z', 'a'],
      ['2026-06-01T20:00:00.000Z', '2026-06-03T20:00:00.000Z', 'c'],
      ['2026-06-03T20:00:00.000Z', '2026-06-04T09:00:00.000Z', 'a'],
    ])
  })

  it('an override by the person already on call merges with their shift', () => {
    const s = schedule(zone, [base], [{ user: A, start: at('2026-06-02T08:00:00Z'), end: at('2026-06-02T10:00:00Z') }])
    expect(view(shifts(s, from, at('2026-06-02T12:00:00Z')))).toEqual([
      ['2026-06-01T09:00:00.000Z', '2026-06-02T10:00:00.000Z', 'a'],
      ['2026-06-02T10:00:00.000Z', '2026-06-02T12:00:00.000Z', 'b'],
    ])
  })

  it('the last layer wins where it has someone; the ones below show through elsewhere', () => {
    // Layer 2: D on call 18:00–06:00 by a 12-hour rotation with a disabled person in the day half.
    const night = layer({ start: at('2026-06-01T18:00:00Z'), rotation: 'hours', lengthHours: 12, handoffTime: '18:00', users: [D, person('off', true)] })
    expect(view(shifts(schedule(zone, [base, night]), from, at('2026-06-02T18:00:00Z')))).toEqual([
      ['2026-06-01T09:00:00.000Z', '2026-06-01T18:00:00.000Z', 'a'],
      ['2026-06-01T18:00:00.000Z', '2026-06-02T06:00:00.000Z', 'd'],
      ['2026-06-02T06:00:00.000Z', '2026-06-02T09:00:00.000Z', 'a'],
      ['2026-06-02T09:00:00.000Z', '2026-06-02T18:00:00.000Z', 'b'],
    ])
    // The other order: the daily layer is on top and always has someone.
    expect(view(shifts(schedule(zone, [night, base]), from, at('2026-06-02T18:00:00Z'))).map((s) => s[2])).toEqual(['a', 'b'])
  })

  it('a disabled person is a gap: nobody on call, no shift', () => {
    const s = schedule(zone, [layer({ start: base.start, users: [A, person('b', true)] })])
    expect(view(finalSegments(s, from, to))).toEqual([
      ['2026-06-01T09:00:00.000Z', '2026-06-02T09:00:00.000Z', 'a'],
      ['2026-06-02T09:00:00.000Z', '2026-06-03T09:00:00.000Z', null],
      ['2026-06-03T09:00:00.000Z', '2026-06-04T09:00:00.000Z', 'a'],
    ])
    expect(view(shifts(s, from, to)).map((x) => x[2])).toEqual(['a', 'a'])
    expect(onCallAt(s, at('2026-06-02T12:00:00Z'))).toEqual({ user: null, until: at('2026-06-03T09:00:00Z') })
  })

  it('an override for a disabled person does not count', () => {
    const s = schedule(zone, [base], [{ user: person('c', true), start: at('2026-06-01T12:00:00Z'), end: at('2026-06-01T15:00:00Z') }])
    expect(view(shifts(s, from, at('2026-06-02T09:00:00Z'))).map((x) => x[2])).toEqual(['a'])
  })

  it('a layer gap between layers leaves nobody on call', () => {
    const later = layer({ start: at('2026-06-02T09:00:00Z'), users: [C] })
    const s = schedule(zone, [later], [{ user: D, start: at('2026-06-01T10:00:00Z'), end: at('2026-06-01T11:00:00Z') }])
    expect(view(finalSegments(s, from, at('2026-06-02T10:00:00Z')))).toEqual([
      ['2026-06-01T09:00:00.000Z', '2026-06-01T10:00:00.000Z', null],
      ['2026-06-01T10:00:00.000Z', '2026-06-01T11:00:00.000Z', 'd'],
      ['2026-06-01T11:00:00.000Z', '2026-06-02T09:00:00.000Z', null],
      ['2026-06-02T09:00:00.000Z', '2026-06-02T10:00:00.000Z', 'c'],
    ])
  })

  it('onCallAt says who and until when; null until when nothing changes within the horizon', () => {
    const s = schedule(zone, [base])
    expect(onCallAt(s, at('2026-06-01T12:00:00Z'))).toEqual({ user: A, until: at('2026-06-02T09:00:00Z') })
    expect(onCallAt(schedule(zone, [layer({ start: base.start, users: [A] })]), at('2026-06-01T12:00:00Z'))).toEqual({ user: A, until: null })
  })

  it('an empty window has no shifts', () => {
    expect(finalSegments(schedule(zone, [base]), to, from)).toEqual([])
  })
})
