// The Insights page's query, as its address holds it: the first view's range, reading the
// address, and the API parameters and CSV links it makes. Not a client module: the server renders
// the page from it (app/insights/page.tsx) and the range form writes it back to the address.
import { DEFAULT_ANALYTICS_DAYS } from '@/lib/schemas/values'

/** As written in the address; the server validates it with the API's own schema. */
export interface InsightsQuery {
  from: string
  to: string
  bucket: string
  serviceId: string
}

const DAY_MS = 86_400_000
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The page's first view: the last DEFAULT_ANALYTICS_DAYS days up to `today` (UTC), per day, every service. */
export const initialInsightsQuery = (today: string): InsightsQuery => ({
  from: isoDay(Date.parse(today) - (DEFAULT_ANALYTICS_DAYS - 1) * DAY_MS),
  to: today,
  bucket: 'day',
  serviceId: '',
})

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

export const analyticsCsvUrl = (q: InsightsQuery, table: 'buckets' | 'services') =>
  `/api/analytics.csv?${new URLSearchParams({ ...analyticsParams(q), table })}`
