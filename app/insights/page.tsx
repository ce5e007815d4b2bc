import type { Metadata } from 'next'
import { InsightsView } from '@/components/insights/InsightsView'
import { insightsQueryFrom } from '@/lib/client/insightsQuery'
import { loadInsights, servicesToChoose } from '../_lib/insights'
import { requireScope } from '../_lib/session'

export const metadata: Metadata = { title: 'Insights', description: 'Incidents created, acknowledged and resolved, and how fast, over time.' }

export default async function InsightsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireScope('/insights', 'incidents:read')
  // Today as the server sees it (UTC, as the analytics count days).
  const query = insightsQueryFrom(await searchParams, new Date().toISOString().slice(0, 10))
  const [result, services] = await Promise.all([loadInsights(query), servicesToChoose()])
  return <InsightsView query={query} services={services} result={result} />
}
