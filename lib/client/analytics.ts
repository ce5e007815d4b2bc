'use client'
// The Insights page's data: GET /api/analytics, and the CSV download links beside it.
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { Analytics } from '@/lib/schemas/analytics'
import { api, withQuery } from './fetcher'
import { analyticsParams as params, type InsightsQuery } from './insightsQuery'
import { qk } from './keys'

export function useAnalytics(q: InsightsQuery) {
  const query = params(q)
  // Under a part of the incidents key, so the live stream's invalidation refreshes it too.
  return useQuery({ queryKey: qk.analytics(query), queryFn: () => api<Analytics>(withQuery('/api/analytics', query)), placeholderData: keepPreviousData })
}

export const analyticsCsvUrl = (q: InsightsQuery, table: 'buckets' | 'services') => withQuery('/api/analytics.csv', { ...params(q), table })
