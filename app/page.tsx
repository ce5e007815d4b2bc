import type { Metadata } from 'next'
import { HydrationBoundary } from '@tanstack/react-query'
import { IncidentsView } from '@/components/incidents/IncidentsView'
import { parseFilters, filtersToSearch } from '@/lib/client/filters'
import { prefillIncidents } from './_lib/prefill'
import { requireUser } from './_lib/session'

export const metadata: Metadata = { title: 'Incidents', description: 'What needs attention now, live.' }

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams
  const params = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : Array.isArray(v) ? [[k, v[0]]] : [])))
  const filters = parseFilters(params)
  const me = await requireUser(`/${filtersToSearch(filters)}`)
  const prefill = await prefillIncidents(filters, me.user.id)
  return (
    <HydrationBoundary state={prefill?.state}>
      <IncidentsView since={prefill?.marker} />
    </HydrationBoundary>
  )
}
