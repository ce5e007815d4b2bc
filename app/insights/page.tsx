import type { Metadata } from 'next'
import { HydrationBoundary } from '@tanstack/react-query'
import { InsightsView } from '@/components/insights/InsightsView'
import { prefillInsights } from '../_lib/prefill'
import { requireScope } from '../_lib/session'

export const metadata: Metadata = { title: 'Insights', description: 'Incidents created, acknowledged and resolved, and how fast, over time.' }

export default async function InsightsPage() {
  await requireScope('/insights', 'incidents:read')
  // Today as the server sees it (UTC, as the analytics count days), so the first render agrees.
  const today = new Date().toISOString().slice(0, 10)
  return (
    <HydrationBoundary state={await prefillInsights(today)}>
      <InsightsView today={today} />
    </HydrationBoundary>
  )
}
