// The range and buckets of an analytics request: UTC days counted from the epoch, weeks starting
// on Monday. Pure: no clock but the one handed in, no database.
import { invalidField } from '@/lib/errors'
// The zod-free values, so the Insights page's form can share these rules without a validator.
import { DEFAULT_ANALYTICS_DAYS, MAX_ANALYTICS_DAYS, type AnalyticsBucket } from '@/lib/schemas/values'

const DAY_MS = 86_400_000

/** Days since the epoch of a YYYY-MM-DD date (UTC midnight), and back. */
export const dayOfDate = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS)
export const dayStart = (day: number) => new Date(day * DAY_MS)

/** An inclusive range of UTC days. */
export interface DayRange {
  from: number
  to: number
}

/** The days asked for, defaults filled in (to: today; from: 30 days ending at to); 422 when out of bounds. */
export function dayRange(query: { from?: string; to?: string }, now: Date): DayRange {
  const to = query.to ? dayOfDate(query.to) : Math.floor(now.getTime() / DAY_MS)
  const from = query.from ? dayOfDate(query.from) : to - (DEFAULT_ANALYTICS_DAYS - 1)
  if (from > to) throw invalidField(query.to ? 'to' : 'from', 'must not be before from')
  if (to - from + 1 > MAX_ANALYTICS_DAYS) throw invalidField('to', `must be at most ${MAX_ANALYTICS_DAYS} days from from (both included)`)
  return { from, to }
}

/** The Monday on or before a day (day 0, 1970-01-01, was a Thursday). */
const mondayOf = (day: number) => day - (((day + 3) % 7) + 7) % 7

/** The first day of the bucket holding `day`: the day itself, or its week's Monday but never before the range. */
export const bucketOfDay = (day: number, bucket: AnalyticsBucket, range: DayRange) =>
  bucket === 'day' ? day : Math.max(mondayOf(day), range.from)

/** The first day of every bucket of the range, oldest first. */
export function bucketStarts(range: DayRange, bucket: AnalyticsBucket): number[] {
  const starts: number[] = []
  for (let d = range.from; d <= range.to; d = bucket === 'day' ? d + 1 : mondayOf(d) + 7) starts.push(d)
  return starts
}

/** A mean duration in seconds, to the millisecond, from a sum of milliseconds; null over none. */
export const meanSeconds = (sumMs: number, n: number) => (n > 0 ? Math.round(sumMs / n) / 1000 : null)
