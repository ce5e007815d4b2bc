'use client'
// The alerts folded into an incident. Under the incidents key, so every change notice refreshes it.
import { useQuery } from '@tanstack/react-query'
import type { AlertView } from '@/lib/schemas/events'
import { api } from './fetcher'
import { qk } from './keys'
import { useLivePolling } from './live'

/** `enabled: false` for an incident no alert ever reached (nothing to fetch). */
export function useIncidentAlerts(id: string, { enabled = true } = {}) {
  const interval = useLivePolling()
  return useQuery({
    queryKey: qk.alerts(id),
    queryFn: ({ signal }) => api<{ alerts: AlertView[] }>(`/api/incidents/${encodeURIComponent(id)}/alerts`, { signal }),
    select: (d) => d.alerts,
    refetchInterval: interval,
    enabled,
  })
}
