// What the Insights page asks GET /api/analytics for: its first range, and the query's parameters.
// Not a client module: the server renders the page's first answer with the same key
// (app/_lib/prefill.ts), so the browser's hook finds it and draws nothing twice.
import { DEFAULT_ANALYTICS_DAYS, type AnalyticsBucket } from '@/lib/schemas/values'

export interface InsightsQuery {
  from: string
  to: string
  bucket: AnalyticsBucket
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

export const analyticsParams = (q: InsightsQuery): Record<string, string> => ({
  from: q.from,
  to: q.to,
  bucket: q.bucket,
  ...(q.serviceId ? { serviceId: q.serviceId } : {}),
})
