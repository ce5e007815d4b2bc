import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { HydrationBoundary } from '@tanstack/react-query'
import { IncidentDetail } from '@/components/incidents/IncidentDetail'
import { prefillIncident } from '../../_lib/prefill'
import { requireUser } from '../../_lib/session'

type Props = { params: Promise<{ id: string }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params
  // The same cached read the page renders from; a title is always text, never markup.
  const prefill = await prefillIncident(id)
  return { title: prefill?.title ?? 'Incident not found' }
}

export default async function IncidentPage({ params }: Props) {
  const { id } = await params
  await requireUser(`/incidents/${encodeURIComponent(id)}`)
  const prefill = await prefillIncident(id)
  if (!prefill) notFound()
  return (
    <HydrationBoundary state={prefill.state}>
      <IncidentDetail id={id} since={prefill.marker} />
    </HydrationBoundary>
  )
}
