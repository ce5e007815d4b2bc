// The pure rules of the analytics: ranges of UTC days, week buckets from Monday, means, and CSV.
import { describe, expect, it } from 'vitest'
import { analyticsCsv } from '@/lib/analytics/rules/csv'
import { bucketOfDay, bucketStarts, dayOfDate, dayRange, dayStart, meanSeconds } from '@/lib/analytics/rules/range'
import { AppError } from '@/lib/errors'

const iso = (day: number) => dayStart(day).toISOString().slice(0, 10)

describe('analytics ranges', () => {
  it('defaults to the 30 days ending today (UTC), and takes at most 366 days, both ends included', () => {
    const now = new Date('2026-12-06T23:59:59.999Z')
    const r = dayRange({}, now)
    expect([iso(r.from), iso(r.to)]).toEqual(['2026-11-07', '2026-12-06'])
    expect(dayRange({ from: '2024-01-01', to: '2024-12-31' }, now)).toEqual({ from: dayOfDate('2024-01-01'), to: dayOfDate('2024-12-31') })
    for (const bad of [{ from: '2024-01-01', to: '2025-01-01' }, { from: '2025-01-02', to: '2025-01-01' }]) {
      expect(() => dayRange(bad, now)).toThrow(AppError)
    }
  })

  it('starts weeks on Monday, the first at `from` when it falls mid-week, before and after 1970', () => {
    const range = { from: dayOfDate('2025-03-05'), to: dayOfDate('2025-03-24') }
    expect(bucketStarts(range, 'week').map(iso)).toEqual(['2025-03-05', '2025-03-10', '2025-03-17', '2025-03-24'])
    expect(iso(bucketOfDay(dayOfDate('2025-03-16'), 'week', range))).toBe('2025-03-10')
    expect(iso(bucketOfDay(dayOfDate('2025-03-06'), 'week', range))).toBe('2025-03-05')
    const old = { from: dayOfDate('1969-12-29'), to: dayOfDate('1970-01-05') }
    expect(bucketStarts(old, 'week').map(iso)).toEqual(['1969-12-29', '1970-01-05'])
    expect(bucketStarts(range, 'day')).toHaveLength(20)
  })

  it('means are seconds to the millisecond, null over nothing', () => {
    expect(meanSeconds(4_700_000, 3)).toBe(1566.667)
    expect(meanSeconds(0, 0)).toBeNull()
  })
})

describe('analytics CSV', () => {
  it('quotes what needs quoting and keeps formulas text', () => {
    const csv = analyticsCsv(
      {
        buckets: [],
        services: [
          { id: 'svc_1', name: '=HYPERLINK("x"), y', created: 1, alerts: 2, mttaSeconds: 1.5, mttrSeconds: null },
          { id: 'svc_2', name: 'plain', created: 1, alerts: 0, mttaSeconds: null, mttrSeconds: 3 },
        ],
      },
      'services',
    )
    expect(csv).toBe(
      'serviceId,serviceName,created,alerts,mttaSeconds,mttrSeconds\r\n' + `svc_1,"'=HYPERLINK(""x""), y",1,2,1.5,\r\n` + 'svc_2,plain,1,0,,3\r\n',
    )
  })
})
