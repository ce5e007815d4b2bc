'use client'
// React Query hooks for incidents: reads typed by lib/schemas, and one optimistic update path
// that every action (row, keyboard, detail page) goes through, and the bulk endpoint for selections.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { CreateIncidentInput, Incident, IncidentList, IncidentWithTimeline, UpdateIncidentInput } from '@/lib/schemas/incidents'
import type { IncidentSummary } from '@/lib/schemas/summary'
import { BULK_MAX_IDS, SNOOZE_MINUTES, type Status } from '@/lib/schemas/values'
import type { BulkResult } from '@/lib/schemas/notes'
import { bulkSummary } from './bulkSummary'
import { api, errorMessage } from './fetcher'
import { qk } from './keys'
import { useLivePolling } from './live'
import { toast, type ToastAction } from './toasts'

export function useIncidentList(query: Record<string, string>) {
  const interval = useLivePolling()
  return useQuery({
    queryKey: qk.list(query),
    queryFn: ({ signal }) => api<IncidentList>('/api/incidents', { query, signal }),
    placeholderData: (previous) => previous,
    refetchInterval: interval,
  })
}

export function useIncidentSummary(query: Record<string, string>) {
  const interval = useLivePolling()
  return useQuery({
    queryKey: qk.summary(query),
    queryFn: ({ signal }) => api<IncidentSummary>('/api/incidents/summary', { query, signal }),
    placeholderData: (previous) => previous,
    refetchInterval: interval,
  })
}

export function useIncident(id: string) {
  const interval = useLivePolling()
  return useQuery({
    queryKey: qk.detail(id),
    queryFn: ({ signal }) => api<IncidentWithTimeline>(`/api/incidents/${encodeURIComponent(id)}`, { signal }),
    refetchInterval: interval,
  })
}

/** The body a PATCH sends (what the API accepts, before its defaults apply). */
export type IncidentPatch = { [K in keyof UpdateIncidentInput]?: UpdateIncidentInput[K] }

export interface PatchVariables {
  incident: Pick<Incident, 'id' | 'number'>
  patch: IncidentPatch
  /** Shown on success ("Acknowledged #42"). */
  label: string
  /** For assignment: who, so the row can show the name before the server answers. */
  assignee?: Incident['assignee']
  /** Bulk actions report once for all rows. */
  quiet?: boolean
  /** Offered with the success message (a resolve offers to reopen). */
  undo?: ToastAction
}

function optimistic(inc: Incident, v: PatchVariables): Incident {
  const p = v.patch
  const next: Incident = { ...inc }
  if (p.status) {
    next.status = p.status as Status
    next.snoozedUntil = p.status === 'SNOOZED' ? new Date(Date.now() + (p.snoozeMinutes ?? SNOOZE_MINUTES.default) * 60_000).toISOString() : null
  }
  if (p.urgency) next.urgency = p.urgency as Incident['urgency']
  if (p.priority !== undefined) next.priority = (p.priority as Incident['priority']) ?? null
  if (p.assigneeId !== undefined) next.assignee = p.assigneeId ? (v.assignee ?? inc.assignee) : null
  return next
}

type Snapshot = [readonly unknown[], unknown][]

function patchCaches(client: QueryClient, id: string, change: (inc: Incident) => Incident): void {
  client.setQueriesData<IncidentList>({ queryKey: [...qk.incidents, 'list'] }, (list) =>
    list ? { ...list, incidents: list.incidents.map((i) => (i.id === id ? change(i) : i)) } : list,
  )
  client.setQueryData<IncidentWithTimeline>(qk.detail(id), (d) => {
    if (!d) return d
    const next = change(d)
    // Escalation follows the status; what a new status brings is known once the server answers.
    return { ...next, escalation: next.status === d.status ? d.escalation : null, timeline: d.timeline }
  })
}

export function useUpdateIncident() {
  const client = useQueryClient()
  return useMutation({
    mutationKey: ['incident-update'],
    mutationFn: (v: PatchVariables) => api<Incident>(`/api/incidents/${encodeURIComponent(v.incident.id)}`, { method: 'PATCH', body: v.patch }),
    onMutate: async (v) => {
      await client.cancelQueries({ queryKey: qk.incidents })
      const snapshot: Snapshot = client.getQueriesData({ queryKey: qk.incidents })
      patchCaches(client, v.incident.id, (i) => optimistic(i, v))
      return { snapshot }
    },
    onError: (e, v, ctx) => {
      // Roll back to exactly what was on screen, and say why in the API's own words.
      for (const [key, data] of ctx?.snapshot ?? []) client.setQueryData(key, data)
      if (!v.quiet) toast('error', `#${v.incident.number}: ${e.message}`)
    },
    onSuccess: (incident, v) => {
      patchCaches(client, incident.id, () => incident)
      if (!v.quiet) toast('success', `${v.label} #${v.incident.number}`, v.undo)
    },
    onSettled: () => {
      // Only the last mutation in a burst refetches, so earlier answers never overwrite later optimism.
      if (client.isMutating({ mutationKey: ['incident-update'] }) <= 1) void client.invalidateQueries({ queryKey: qk.incidents })
    },
  })
}

/**
 * Several rows at once, in one request to the bulk endpoint (one write against the rate limit):
 * every row changes on screen at once, then takes the server's answer for it — its new state, or
 * back to what it was — and one message sums up what changed and why the rest did not.
 */
export function useBulkUpdate() {
  const client = useQueryClient()
  return async (incidents: Pick<Incident, 'id' | 'number'>[], patch: IncidentPatch, label: string) => {
    await client.cancelQueries({ queryKey: qk.incidents })
    const snapshot: Snapshot = client.getQueriesData({ queryKey: qk.incidents })
    for (const incident of incidents) patchCaches(client, incident.id, (i) => optimistic(i, { incident, patch, label }))
    const results: BulkResult[] = []
    try {
      for (let k = 0; k < incidents.length; k += BULK_MAX_IDS) {
        const ids = incidents.slice(k, k + BULK_MAX_IDS).map((i) => i.id)
        results.push(...(await api<{ results: BulkResult[] }>('/api/incidents/bulk', { method: 'POST', body: { ids, changes: patch } })).results)
      }
    } catch (e) {
      toast('error', `${results.length ? 'Not all changed' : 'Nothing changed'}: ${errorMessage(e)}`)
    }
    // What was on screen, then each change the server made: a refused row shows what it was.
    for (const [key, data] of snapshot) client.setQueryData(key, data)
    for (const r of results) if (r.incident) patchCaches(client, r.id, () => r.incident!)
    void client.invalidateQueries({ queryKey: qk.incidents })
    if (!results.length) return false
    const numbers = new Map(incidents.map((i) => [i.id, i.number]))
    const { ok, text } = bulkSummary(label, results, (id) => numbers.get(id))
    toast(ok ? 'success' : 'error', text)
    return ok && results.length === incidents.length
  }
}

export function useCreateIncident() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<CreateIncidentInput>) => api<Incident>('/api/incidents', { method: 'POST', body }),
    onSuccess: (incident) => {
      toast('success', `Created #${incident.number}`)
      void client.invalidateQueries({ queryKey: qk.incidents })
    },
  })
}
