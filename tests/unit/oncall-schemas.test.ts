// The schedule schemas: what a body or a shifts window may be (the API answers 422 otherwise).
import { describe, expect, it } from 'vitest'
import { createScheduleSchema, shiftsQuerySchema } from '@/lib/schemas/schedules'

const layer = { start: '2026-06-01T00:00:00Z', rotation: 'daily', handoffTime: '09:00', users: ['usr_a'] }
const body = (over: Record<string, unknown> = {}) => ({ name: 'S', timeZone: 'Europe/Berlin', layers: [layer], ...over })
const issues = (input: unknown) => {
  const r = createScheduleSchema.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('schedule bodies', () => {
  it('take a valid body and default overrides to none', () => {
    expect(createScheduleSchema.parse(body()).overrides).toEqual([])
  })

  it('refuse unknown time zones, bad handoff times, empty layers and a missing lengthHours', () => {
    expect(issues(body({ timeZone: 'Mars/Olympus' }))).toEqual(['timeZone: must be an IANA time zone, e.g. Europe/Berlin'])
    expect(issues(body({ layers: [{ ...layer, handoffTime: '24:00' }] }))[0]).toMatch(/^layers\.0\.handoffTime: must be a local time HH:MM/)
    expect(issues(body({ layers: [{ ...layer, handoffTime: '9:00' }] }))).toHaveLength(1)
    expect(issues(body({ layers: [{ ...layer, users: [] }] }))).toEqual(['layers.0.users: a layer needs at least one user'])
    expect(issues(body({ layers: [{ ...layer, rotation: 'hours' }] }))).toEqual(['layers.0.lengthHours: is required for rotation "hours"'])
    expect(issues(body({ layers: [{ ...layer, lengthHours: 4 }] }))).toEqual(['layers.0.lengthHours: applies to rotation "hours" only'])
  })

  it('refuse overlapping overrides, naming the pair; touching ones are fine', () => {
    const o = (start: string, end: string) => ({ userId: 'usr_a', start, end })
    expect(issues(body({ overrides: [o('2026-06-02T00:00:00Z', '2026-06-03T00:00:00Z'), o('2026-06-01T00:00:00Z', '2026-06-02T00:00:01Z')] }))).toEqual(['overrides.1: overlaps overrides[0]'])
    expect(issues(body({ overrides: [o('2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'), o('2026-06-02T00:00:00Z', '2026-06-03T00:00:00Z')] }))).toEqual([])
    expect(issues(body({ overrides: [o('2026-06-02T00:00:00Z', '2026-06-01T00:00:00Z')] }))).toEqual(['overrides.0.end: must be after start'])
  })
})

describe('shifts window', () => {
  const window = (q: Record<string, string>) => shiftsQuerySchema.safeParse(q)
  it('is at most 90 days, from before to', () => {
    expect(window({ from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' }).success).toBe(true)
    expect(window({ from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:01Z' }).error?.issues[0].path).toEqual(['to'])
    expect(window({ from: '2026-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }).error?.issues[0].message).toBe('must be after from')
  })
  it('defaults to two weeks from now', () => {
    const r = shiftsQuerySchema.parse({})
    expect(r.to.getTime() - r.from.getTime()).toBe(14 * 86_400_000)
    expect(Math.abs(r.from.getTime() - Date.now())).toBeLessThan(5_000)
  })
})
