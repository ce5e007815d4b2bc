'use client'
// Services and users: the choices in filters, the create form and assignment.
import { useQuery } from '@tanstack/react-query'
import type { serviceListSchema, userListSchema } from '@/lib/schemas/common'
import type { z } from 'zod'
import { api } from './fetcher'
import { qk } from './keys'

type ServiceList = z.infer<typeof serviceListSchema>
type UserList = z.infer<typeof userListSchema>

/** `enabled: false` holds the request back (see FilterBar) while keeping any data already cached. */
export function useServices({ enabled = true } = {}) {
  return useQuery({ queryKey: qk.services, queryFn: () => api<ServiceList>('/api/services'), staleTime: 60_000, select: (d) => d.services, enabled })
}

export function useUsers({ enabled = true } = {}) {
  return useQuery({ queryKey: qk.users, queryFn: () => api<UserList>('/api/users'), staleTime: 60_000, select: (d) => d.users, enabled })
}
