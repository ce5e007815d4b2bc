import type { Metadata } from 'next'
import { InsightsView } from '@/components/insights/InsightsView'
import { requireScope } from '../_lib/session'

export const metadata: Metadata = { title: 'Insights', description: 'Incidents created, acknowledged and resolved, and how fast, over time.' }

export default async function InsightsPage() {
  await requireScope('/insights', 'incidents:read')
  // Today as the server sees it (UTC, as the analytics count days), so the first render agrees.
  return <InsightsView today={new Date().toISOString().slice(0, 10)} />
}
