// Properties of the shift computation over random schedules: the timeline covers [from, to)
// without holes or overlaps, neighbours differ, and each stretch's person is the one a direct
// look at any instant inside it gives.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { finalSegments, layerSegments, shifts, type LayerSpec, type OnCallUser, type ScheduleSpec } from '@/lib/oncall/rules/shifts'

const PEOPLE: OnCallUser[] = ['a', 'b', 'c', 'd'].map((id) => ({ id, name: id, email: `${id}@example.com` }))
const OFF: OnCallUser = { id: 'off', name: 'off', email: 'off@example.com', disabled: true }
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Santiago']
const T0 = Date.parse('2026-01-01T00:00:00Z')
const DAY = 86_400_000

const layerArb: fc.Arbitrary<LayerSpec> = fc
  .record({
    startDay: fc.integer({ min: 0, max: 400 * 24 }),
    rotation: fc.constantFrom('daily', 'weekly', 'hours'),
    lengthHours: fc.integer({ min: 1, max: 72 }),
    hh: fc.integer({ min: 0, max: 23 }),
    mm: fc.constantFrom(0, 15, 30, 45),
    users: fc.array(fc.constantFrom(...PEOPLE, OFF), { minLength: 1, maxLength: 4 }),
  })
  .map((r) => ({
    start: new Date(T0 + r.startDay * 3_600_000),
    rotation: r.rotation as LayerSpec['rotation'],
    lengthHours: r.rotation === 'hours' ? r.lengthHours : null,
    handoffTime: `${String(r.hh).padStart(2, '0')}:${String(r.mm).padStart(2, '0')}`,
    users: r.users,
  }))

/** Non-overlapping overrides: sorted cut points paired up. */
const overridesArb = fc
  .array(fc.integer({ min: 0, max: 420 * 24 }), { maxLength: 8 })
  .chain((cuts) => fc.tuple(fc.constant([...new Set(cuts)].sort((a, b) => a - b)), fc.array(fc.constantFrom(...PEOPLE, OFF), { minLength: 4, maxLength: 4 })))
  .map(([cuts, who]) => {
    const out: ScheduleSpec['overrides'] = []
    for (let i = 0; i + 1 < cuts.length; i += 2) out.push({ start: new Date(T0 + cuts[i] * 3_600_000), end: new Date(T0 + cuts[i + 1] * 3_600_000), user: who[(i / 2) % 4] })
    return out
  })

const scheduleArb: fc.Arbitrary<ScheduleSpec> = fc.record({
  timeZone: fc.constantFrom(...ZONES),
  layers: fc.array(layerArb, { minLength: 0, maxLength: 4 }),
  overrides: overridesArb,
})

const windowArb = fc.record({ fromHour: fc.integer({ min: 0, max: 420 * 24 }), lengthMinutes: fc.integer({ min: 1, max: 90 * 24 * 60 }) }).map((w) => {
  const from = new Date(T0 + w.fromHour * 3_600_000)
  return { from, to: new Date(from.getTime() + w.lengthMinutes * 60_000) }
})

/** Who is on call at one instant, straight from the definition. */
function directly(s: ScheduleSpec, t: Date): string | null {
  const o = s.overrides.find((x) => !x.user.disabled && x.start <= t && t < x.end)
  if (o) return o.user.id
  for (let i = s.layers.length - 1; i >= 0; i--) {
    const [seg] = layerSegments(s.layers[i], s.timeZone, t, new Date(t.getTime() + 1))
    if (seg?.user) return seg.user.id
  }
  return null
}

// Each run computes up to 90 days of several layers; on a busy machine that takes a while.
describe('shift computation properties', { timeout: 60_000 }, () => {
  it('the timeline covers [from, to) contiguously, in order, with different neighbours', () => {
    fc.assert(
      fc.property(scheduleArb, windowArb, (s, { from, to }) => {
        const segs = finalSegments(s, from, to)
        expect(segs[0].start).toEqual(from)
        expect(segs.at(-1)!.end).toEqual(to)
        for (let i = 0; i < segs.length; i++) {
          expect(segs[i].start < segs[i].end).toBe(true)
          if (i > 0) {
            expect(segs[i].start).toEqual(segs[i - 1].end)
            expect(segs[i].user?.id ?? null).not.toBe(segs[i - 1].user?.id ?? null)
          }
        }
        const final = shifts(s, from, to)
        for (let i = 1; i < final.length; i++) expect(final[i].start >= final[i - 1].end).toBe(true)
        expect(final.every((x) => !x.user.disabled)).toBe(true)
      }),
      { numRuns: 60 },
    )
  })

  it('each stretch belongs to whoever is on call at its start and just before its end', () => {
    fc.assert(
      fc.property(scheduleArb, windowArb, (s, { from, to }) => {
        for (const seg of finalSegments(s, from, to)) {
          expect(directly(s, seg.start)).toBe(seg.user?.id ?? null)
          expect(directly(s, new Date(seg.end.getTime() - 1))).toBe(seg.user?.id ?? null)
        }
      }),
      { numRuns: 40 },
    )
  })

  it('a window far from start gives the same layer shifts as walking from start', () => {
    fc.assert(
      fc.property(layerArb, fc.constantFrom(...ZONES), fc.integer({ min: 1, max: 300 }), (l, zone, days) => {
        const from = new Date(l.start.getTime() + days * DAY)
        const to = new Date(from.getTime() + 10 * DAY)
        const walked = layerSegments(l, zone, l.start, to).filter((x) => x.end > from).map((x) => ({ ...x, start: x.start < from ? from : x.start }))
        expect(layerSegments(l, zone, from, to)).toEqual(walked)
      }),
      { numRuns: 40 },
    )
  })
})
