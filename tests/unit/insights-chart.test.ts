// The Insights charts' geometry: lines from the scales, gaps where a mean has no incidents, dots
// only while they fit, a y axis from zero, and axis labels that read as days or months.
import { describe, expect, it } from 'vitest'
import { chartGeometry } from '@/components/insights/chartGeometry'
import { insightsQueryFrom, initialInsightsQuery } from '@/lib/client/insightsQuery'

const day = (d: string) => Date.parse(`${d}T00:00:00Z`)
const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => day(from) + i * 86_400_000)

describe('chartGeometry', () => {
  it('draws each series across the plot, from zero to a nice top', () => {
    const g = chartGeometry(days('2026-11-01', 3), [{ label: 'Created', color: '--c', values: [0, 5, 10] }])
    expect(g.lines[0].path).toBe('M0,180L500,90L1000,0')
    expect(g.yTicks.map((t) => t.label)).toEqual(['0', '2', '4', '6', '8', '10'])
    expect(g.yTicks[0]).toMatchObject({ y: 180, at: 100 })
    expect(g.yTicks.at(-1)).toMatchObject({ y: 0, at: 0 })
  })

  it('gives counts whole ticks and times fractional ones, in thousands with commas', () => {
    const counts = chartGeometry(days('2026-11-01', 2), [{ label: 'Created', color: '--c', values: [1, 2] }])
    expect(counts.yTicks.map((t) => t.label)).toEqual(['0', '1', '2'])
    const minutes = chartGeometry(days('2026-11-01', 2), [{ label: 'MTTA', color: '--c', values: [0.5, 1.5] }])
    expect(minutes.yTicks.map((t) => t.label)).toEqual(['0', '0.5', '1', '1.5'])
    const many = chartGeometry(days('2026-11-01', 2), [{ label: 'MTTR', color: '--c', values: [10, 3900] }])
    expect(many.yTicks.at(-1)!.label).toBe('4,000')
  })

  it('leaves a gap where a value is null, and no dot there', () => {
    const g = chartGeometry(days('2026-11-01', 4), [{ label: 'MTTA', color: '--c', values: [4, null, 2, 4] }])
    expect(g.lines[0].path.match(/M/g)).toHaveLength(2)
    expect(g.lines[0].dots.match(/M/g)).toHaveLength(3)
  })

  it('keeps the y axis at 0..1 when every value is zero, and centres a single bucket', () => {
    const g = chartGeometry([day('2026-11-01')], [{ label: 'Created', color: '--c', values: [0] }])
    expect(g.yTicks.map((t) => t.label)).toEqual(['0', '1'])
    expect(g.lines[0].path).toBe('M500,180Z')
  })

  it('draws no dots once there are more buckets than fit', () => {
    const values = Array.from({ length: 365 }, (_, i) => i % 7)
    expect(chartGeometry(days('2026-01-01', 365), [{ label: 'x', color: '--c', values }]).lines[0].dots).toBe('')
    expect(chartGeometry(days('2026-01-01', 30), [{ label: 'x', color: '--c', values: values.slice(0, 30) }]).lines[0].dots).not.toBe('')
  })

  it('labels a month of days by day and a year by month, with the year on January', () => {
    const month = chartGeometry(days('2026-11-08', 30), [{ label: 'x', color: '--c', values: Array(30).fill(1) }])
    for (const t of month.xTicks) expect(t.label).toMatch(/^(Nov|Dec) \d{1,2}$/)
    const year = chartGeometry(days('2026-03-01', 365), [{ label: 'x', color: '--c', values: Array(365).fill(1) }])
    expect(year.xTicks.map((t) => t.label)).toContain('Jan 2027')
    for (const t of year.xTicks) expect(t.label).toMatch(/^[A-Z][a-z]{2}( 2027)?$/)
    for (const t of [...month.xTicks, ...year.xTicks]) expect(t.at).toBeGreaterThanOrEqual(0), expect(t.at).toBeLessThanOrEqual(100)
  })
})

describe('insightsQueryFrom', () => {
  it('reads the address, and falls back to the first view for what it leaves out or repeats', () => {
    expect(insightsQueryFrom({}, '2026-12-07')).toEqual(initialInsightsQuery('2026-12-07'))
    expect(insightsQueryFrom({ from: '2026-01-01', bucket: 'week', serviceId: 'svc_1', to: ['a', 'b'] }, '2026-12-07')).toEqual({
      from: '2026-01-01',
      to: '2026-12-07',
      bucket: 'week',
      serviceId: 'svc_1',
    })
  })
})
