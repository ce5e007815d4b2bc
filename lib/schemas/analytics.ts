// GET /api/analytics and /api/analytics.csv: incidents created per day or week over a range of
// UTC days, how many of them were acknowledged and resolved, and the mean times to do so.
import { z } from 'zod'
import { listQuerySchema } from './incidents'
import { ANALYTICS_BUCKETS, DEFAULT_ANALYTICS_DAYS, MAX_ANALYTICS_DAYS } from './values'

export { ANALYTICS_BUCKETS, DEFAULT_ANALYTICS_DAYS, MAX_ANALYTICS_DAYS } from './values'
export type { AnalyticsBucket } from './values'

const day = z.iso.date('must be a date, YYYY-MM-DD')

export const analyticsQuerySchema = z.object({
  from: day.optional().describe(`first UTC day, included (YYYY-MM-DD); default: ${DEFAULT_ANALYTICS_DAYS - 1} days before \`to\``),
  to: day.optional().describe(`last UTC day, included (YYYY-MM-DD); default: today; at most ${MAX_ANALYTICS_DAYS} days from \`from\``),
  serviceId: listQuerySchema.shape.serviceId,
  bucket: z
    .preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(ANALYTICS_BUCKETS))
    .default('day')
    .describe('day (default) or week (weeks start on Monday, UTC; the first and last may be partial)'),
})
export type AnalyticsQuery = z.infer<typeof analyticsQuerySchema>

export const ANALYTICS_CSV_TABLES = ['buckets', 'services'] as const
export const analyticsCsvQuerySchema = analyticsQuerySchema.extend({
  table: z
    .preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(ANALYTICS_CSV_TABLES))
    .default('buckets')
    .describe('buckets (default: one row per bucket) or services (one row per service)'),
})

const count = z.int().nonnegative()
const meanSeconds = z.number().nonnegative().nullable()

export const analyticsBucketSchema = z.object({
  start: z.iso.datetime().describe('the first instant of the bucket (UTC midnight; a week bucket: its Monday, or `from`)'),
  created: count,
  acknowledged: count.describe('of the incidents created in the bucket, how many are acknowledged (acknowledgedAt set)'),
  resolved: count.describe('of the incidents created in the bucket, how many are resolved (resolvedAt set)'),
  mttaSeconds: meanSeconds.describe('mean acknowledgedAt - createdAt of the acknowledged ones, in seconds (ms precision); null when none'),
  mttrSeconds: meanSeconds.describe('mean resolvedAt - createdAt of the resolved ones, in seconds (ms precision); null when none'),
})

export const analyticsServiceSchema = z.object({
  id: z.string(),
  name: z.string(),
  created: count,
  alerts: z.int().nonnegative().describe('alerts folded into those incidents (the sum of their alert counts)'),
  mttaSeconds: meanSeconds,
  mttrSeconds: meanSeconds,
})

export const analyticsSchema = z.object({
  buckets: z.array(analyticsBucketSchema).describe('every bucket of the range, oldest first, empty ones included'),
  services: z.array(analyticsServiceSchema).describe('every service with incidents created in the range, by name'),
})
export type Analytics = z.infer<typeof analyticsSchema>
export type AnalyticsBucketRow = z.infer<typeof analyticsBucketSchema>
