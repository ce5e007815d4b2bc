'use client'
// Escalation policies: the admin list and editor, and which policy a service uses. Every change
// refetches the policies (they list the services that use them) and the services.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { CreatePolicyInput, EscalationPolicy } from '@/lib/schemas/escalation'
import { api } from './fetcher'
import { qk } from './keys'
import { toast } from './toasts'

/** What the editor sends: the API's create body. */
export type PolicyBody = CreatePolicyInput

export function usePolicies() {
  return useQuery({ queryKey: qk.policies, queryFn: () => api<{ escalationPolicies: EscalationPolicy[] }>('/api/escalation-policies'), select: (d) => d.escalationPolicies })
}

export function useCreatePolicy() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: PolicyBody) => api<EscalationPolicy>('/api/escalation-policies', { method: 'POST', body }),
    onSuccess: (p) => {
      toast('success', `Created ${p.name}`)
      void client.invalidateQueries({ queryKey: qk.policies })
    },
  })
}

export function useUpdatePolicy(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<PolicyBody>) => api<EscalationPolicy>(`/api/escalation-policies/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: (p) => {
      toast('success', `Saved ${p.name}`)
      void client.invalidateQueries({ queryKey: qk.policies })
    },
  })
}

/** Errors are the caller's to show: a 409 (a service uses it) belongs next to the policy. */
export function useDeletePolicy() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (p: EscalationPolicy) => api<void>(`/api/escalation-policies/${encodeURIComponent(p.id)}`, { method: 'DELETE' }),
    onSuccess: (_, p) => toast('success', `Deleted ${p.name}`),
    onSettled: () => client.invalidateQueries({ queryKey: qk.policies }),
  })
}

export function useSetServicePolicy(serviceId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (escalationPolicyId: string | null) =>
      api<{ id: string; name: string; escalationPolicyId: string | null }>(`/api/services/${encodeURIComponent(serviceId)}`, { method: 'PATCH', body: { escalationPolicyId } }),
    onSuccess: (s) => {
      toast('success', s.escalationPolicyId ? `${s.name} escalates by its new policy` : `${s.name} has no escalation policy`)
      void client.invalidateQueries({ queryKey: qk.policies })
      void client.invalidateQueries({ queryKey: qk.services })
    },
  })
}
