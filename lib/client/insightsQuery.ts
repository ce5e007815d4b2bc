// The Insights page's query, as its address holds it: the first view's range, reading the
// address, and the API parameters and CSV links it makes. Not a client module: the server renders
// the page from it (app/insights/page.tsx) and the range form writes it back to the address.
import { dayRange, dayStart } from '@/lib/analytics/rules/range'
import { withQuery } from './fetcher'

/** As written in the address; the server validates it with the API's own schema. */
export interface InsightsQuery {
  from: string
  to: string
  bucket: string
  serviceId: string
}

const isoDay = (day: number) => dayStart(day).toISOString().slice(0, 10)

/** The page's first view: the API's default range ending `today` (UTC), per day, every service. */
export const initialInsightsQuery = (today: string): InsightsQuery => {
  const range = dayRange({ to: today }, new Date())
  return { from: isoDay(range.from), to: isoDay(range.to), bucket: 'day', serviceId: '' }
}

/** The address's query; what it leaves out (or repeats) is the first view's. */
export function insightsQueryFrom(search: Record<string, string | string[] | undefined>, today: string): InsightsQuery {
  const first = initialInsightsQuery(today)
  const one = (key: keyof InsightsQuery) => {
    const v = search[key]
    return typeof v === 'string' ? v : first[key]
  }
  return { from: one('from'), to: one('to'), bucket: one('bucket'), serviceId: one('serviceId') }
}

export const analyticsParams = (q: InsightsQuery): Record<string, string> => ({
  from: q.from,
  to: q.to,
  bucket: q.bucket,
  ...(q.serviceId ? { serviceId: q.serviceId } : {}),
})

export const analyticsCsvUrl = (q: InsightsQuery, table: 'buckets' | 'services') => withQuery('/api/analytics.csv', { ...analyticsParams(q), table })
