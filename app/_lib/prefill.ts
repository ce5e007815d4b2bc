// Pages' first renders come with their data: the same domain reads the API uses,
// under the same query keys the browser's hooks ask with, so nothing jumps when React takes over.
// The incident pages also read the live stream's change marker first, so the data is at least as
// new as the marker, and the browser refetches on connecting only if something changed since
// (lib/client/live.ts).
import { cache } from 'react'
import { QueryClient, dehydrate, type DehydratedState } from '@tanstack/react-query'
import { getDb } from '@/lib/db/client'
import { changeMarker } from '@/lib/incidents/changes'
import { getIncident, listIncidents } from '@/lib/incidents/queries'
import { countByStatus } from '@/lib/incidents/summary'
import { baseQuery, listQuery, type Filters } from '@/lib/client/filters'
import { qk } from '@/lib/client/keys'
import { listQuerySchema } from '@/lib/schemas/incidents'
import { log, describeError } from '@/lib/log'

export interface Prefill {
  state: DehydratedState
  /** The change marker read before the data. */
  marker: string
}

/** `open`: how many incidents are open under the view's filters (its tab title shows it). */
export async function prefillIncidents(filters: Filters, meId: string): Promise<(Prefill & { open: number }) | null> {
  const list = listQuery(filters, meId)
  const base = baseQuery(filters, meId)
  const parsedList = listQuerySchema.safeParse(list)
  const parsedBase = listQuerySchema.safeParse(base)
  // A view the API would refuse is left to the browser, which shows the API's message.
  if (!parsedList.success || !parsedBase.success) return null
  try {
    const db = await getDb()
    const marker = await changeMarker(db)
    const [incidents, summary] = await Promise.all([listIncidents(db, parsedList.data), countByStatus(db, parsedBase.data)])
    const client = new QueryClient()
    client.setQueryData(qk.list(list), incidents)
    client.setQueryData(qk.summary(base), summary)
    return { state: dehydrate(client), marker, open: summary.counts.OPEN }
  } catch (e) {
    log('warn', 'incidents prefill failed', describeError(e))
    return null
  }
}

/** The detail page's incident, or null when it does not exist (the page answers 404). */
export const prefillIncident = cache(async (id: string): Promise<(Prefill & { title: string }) | null> => {
  try {
    const db = await getDb()
    const marker = await changeMarker(db)
    const { incident } = await getIncident(db, id)
    const client = new QueryClient()
    client.setQueryData(qk.detail(id), incident)
    return { state: dehydrate(client), marker, title: `#${incident.number} ${incident.title}` }
  } catch (e) {
    if ((e as { code?: string }).code === 'NOT_FOUND') return null
    throw e
  }
})
