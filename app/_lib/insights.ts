// The Insights page's figures for the query in its address: the API's own validation and read
// (GET /api/analytics), so the page and the API agree on every range and every message.
import { readAnalytics } from '@/lib/analytics/analytics'
import { toValidationError } from '@/lib/api/validation'
import { getDb } from '@/lib/db/client'
import { listServices } from '@/lib/directory/services'
import { AppError } from '@/lib/errors'
import { analyticsParams, type InsightsQuery } from '@/lib/client/insightsQuery'
import { analyticsQuerySchema } from '@/lib/schemas/analytics'
import type { InsightsResult } from '@/components/insights/InsightsView'

export async function loadInsights(query: InsightsQuery): Promise<InsightsResult> {
  const parsed = analyticsQuerySchema.safeParse(analyticsParams(query))
  if (!parsed.success) return { data: null, error: toValidationError(parsed.error, 'query').message }
  try {
    return { data: await readAnalytics(await getDb(), parsed.data), bucket: parsed.data.bucket, error: null }
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION_ERROR') return { data: null, error: e.message }
    throw e
  }
}

export async function servicesToChoose() {
  return listServices(await getDb())
}
