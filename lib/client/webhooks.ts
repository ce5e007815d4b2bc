'use client'
// Webhook subscriptions for the admin page, and the notifications an incident sent. Shapes come
// from lib/schemas/webhooks; every change refetches the list (and the log it touched).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CreateWebhookInput, CreatedWebhook, Delivery, IncidentNotification, TestResult, UpdateWebhookInput, Webhook } from '@/lib/schemas/webhooks'
import { api } from './fetcher'
import { qk } from './keys'
import { toast } from './toasts'

const path = (id: string) => `/api/webhooks/${encodeURIComponent(id)}`

export function useWebhooks() {
  return useQuery({ queryKey: qk.adminWebhooks, queryFn: () => api<{ webhooks: Webhook[] }>('/api/webhooks'), select: (d) => d.webhooks })
}

export function useCreateWebhook() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Omit<CreateWebhookInput, 'enabled'>) => api<CreatedWebhook>('/api/webhooks', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.adminWebhooks }),
  })
}

export function useUpdateWebhook() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: UpdateWebhookInput & { id: string }) => api<Webhook>(path(id), { method: 'PATCH', body }),
    onSettled: () => client.invalidateQueries({ queryKey: qk.adminWebhooks }),
  })
}

export function useDeleteWebhook() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (hook: Webhook) => api<void>(path(hook.id), { method: 'DELETE' }),
    onSuccess: () => toast('success', 'Webhook deleted'),
    onError: (e) => toast('error', e.message),
    onSettled: () => client.invalidateQueries({ queryKey: qk.adminWebhooks }),
  })
}

/** Sends the signed test message now; the answer says how the endpoint replied. */
export function useTestWebhook() {
  return useMutation({ mutationFn: (id: string) => api<TestResult>(`${path(id)}/test`, { method: 'POST' }) })
}

/** A subscription's newest messages and their attempts, while its log is open. */
export function useDeliveries(id: string) {
  return useQuery({
    queryKey: qk.deliveries(id),
    queryFn: () => api<{ deliveries: Delivery[] }>(`${path(id)}/deliveries`),
    select: (d) => d.deliveries,
    refetchInterval: 5_000,
  })
}

export function useRedeliver(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (deliveryId: string) => api<void>(`${path(id)}/deliveries/${encodeURIComponent(deliveryId)}/redeliver`, { method: 'POST' }),
    onSuccess: () => toast('success', 'Queued again'),
    onError: (e) => toast('error', e.message),
    onSettled: () => client.invalidateQueries({ queryKey: qk.deliveries(id) }),
  })
}

/** What went out for one incident; refetched with the incident while anything is still pending. */
export function useIncidentNotifications(incidentId: string) {
  return useQuery({
    queryKey: qk.notifications(incidentId),
    queryFn: () => api<{ notifications: IncidentNotification[] }>(`/api/incidents/${encodeURIComponent(incidentId)}/notifications`),
    select: (d) => d.notifications,
    refetchInterval: (q) => (q.state.data?.notifications.some((n) => n.state === 'pending') ? 3_000 : false),
  })
}
