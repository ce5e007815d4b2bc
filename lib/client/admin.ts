'use client'
// Admin hooks: API keys, users with roles, services. Every change refetches what it touched.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ApiKeySummary, CreatedKey, UserSummary } from '@/lib/schemas/admin'
import type { Role } from '@/lib/schemas/values'
import { api } from './fetcher'
import { qk } from './keys'
import { toast } from './toasts'

export function useApiKeys() {
  return useQuery({ queryKey: qk.adminKeys, queryFn: () => api<{ keys: ApiKeySummary[] }>('/api/keys'), select: (d) => d.keys })
}

export function useCreateApiKey() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { name: string; scopes: string[]; expiresInDays: number | null; serviceId?: string }) => api<CreatedKey>('/api/keys', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.adminKeys }),
  })
}

export function useRevokeApiKey() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (key: ApiKeySummary) => api<void>(`/api/keys/${encodeURIComponent(key.id)}`, { method: 'DELETE' }),
    onSuccess: (_, key) => toast('success', `Revoked ${key.name}`),
    onError: (e) => toast('error', e.message),
    onSettled: () => client.invalidateQueries({ queryKey: qk.adminKeys }),
  })
}

export function useAdminUsers() {
  return useQuery({
    queryKey: qk.adminUsers,
    queryFn: () => api<{ users: UserSummary[] }>('/api/users', { query: { include: 'disabled' } }),
    select: (d) => d.users,
  })
}

export function useCreateUser() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: { email: string; name: string; role: Role; password: string }) => api<UserSummary>('/api/users', { method: 'POST', body }),
    onSuccess: (u) => {
      toast('success', `Created ${u.name}`)
      void client.invalidateQueries({ queryKey: qk.adminUsers })
      void client.invalidateQueries({ queryKey: qk.users })
    },
  })
}

export function useUpdateUser() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; role?: Role; disabled?: boolean }) =>
      api<UserSummary>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: (u) => toast('success', `Updated ${u.name}`),
    onError: (e) => toast('error', e.message),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: qk.adminUsers })
      void client.invalidateQueries({ queryKey: qk.users })
    },
  })
}

export function useCreateService() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (name: string) => api<{ id: string; name: string }>('/api/services', { method: 'POST', body: { name } }),
    onSuccess: (s) => {
      toast('success', `Created ${s.name}`)
      void client.invalidateQueries({ queryKey: qk.services })
    },
  })
}

export function useRenameService() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ id, name }: { id: string; name: string }) =>
      api<{ id: string; name: string }>(`/api/services/${encodeURIComponent(id)}`, { method: 'PATCH', body: { name } }),
    onSuccess: (s) => {
      toast('success', `Renamed to ${s.name}`)
      void client.invalidateQueries({ queryKey: qk.services })
      // Incident rows carry the service's name.
      void client.invalidateQueries({ queryKey: ['incidents'] })
    },
  })
}

export async function signOut() {
  await api<void>('/api/auth/logout', { method: 'POST' }).catch(() => undefined)
  // A full load on purpose: nothing of the signed-out session may stay in memory.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign('/login')
}
