import type { Metadata } from 'next'
import { cache } from 'react'
import { HydrationBoundary } from '@tanstack/react-query'
import { IncidentsView } from '@/components/incidents/IncidentsView'
import { withOpenCount } from '@/components/incidents/tabTitle'
import { parseFilters, filtersToSearch } from '@/lib/client/filters'
import { prefillIncidents } from './_lib/prefill'
import { requireUser } from './_lib/session'

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> }

/** The view's first screen, read once per request for both the title and the page (keyed by its URL). */
const load = cache(async (search: string) => {
  const filters = parseFilters(new URLSearchParams(search))
  const me = await requireUser(`/${filtersToSearch(filters)}`)
  return prefillIncidents(filters, me.user.id)
})

async function viewSearch({ searchParams }: Props): Promise<string> {
  const raw = await searchParams
  const params = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : Array.isArray(v) ? [[k, v[0]]] : [])))
  return filtersToSearch(parseFilters(params))
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const prefill = await load(await viewSearch(props))
  return { title: prefill ? withOpenCount('Incidents', prefill.open) : 'Incidents', description: 'What needs attention now, live.' }
}

export default async function IncidentsPage(props: Props) {
  const prefill = await load(await viewSearch(props))
  return (
    <HydrationBoundary state={prefill?.state}>
      <IncidentsView since={prefill?.marker} />
    </HydrationBoundary>
  )
}
