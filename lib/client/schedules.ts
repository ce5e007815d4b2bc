'use client'
// On-call schedules: the admin list and editor, a schedule's shifts, who is on call now. Every
// change refetches every view of schedules (shifts and on call now included).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { OnCall, Schedule, Shifts } from '@/lib/schemas/schedules'
import { api } from './fetcher'
import { qk } from './keys'
import { toast } from './toasts'

/** What the editor sends: the API's create body (times as ISO strings). */
export interface ScheduleBody {
  name: string
  timeZone: string
  layers: { name: string; start: string; rotation: string; lengthHours?: number; handoffTime: string; users: string[] }[]
  overrides?: { userId: string; start: string; end: string }[]
}

export function useSchedules() {
  return useQuery({ queryKey: qk.schedules, queryFn: () => api<{ schedules: Schedule[] }>('/api/schedules'), select: (d) => d.schedules })
}

export function useSchedule(id: string) {
  return useQuery({ queryKey: qk.schedule(id), queryFn: () => api<Schedule>(`/api/schedules/${encodeURIComponent(id)}`) })
}

export function useShifts(id: string, from: string, to: string) {
  return useQuery({ queryKey: qk.shifts(id, from, to), queryFn: () => api<Shifts>(`/api/schedules/${encodeURIComponent(id)}/shifts`, { query: { from, to } }) })
}

/** Its own request, refreshed each minute: it never holds up the incident list beside it. */
export function useOnCall() {
  return useQuery({ queryKey: qk.oncall, queryFn: () => api<OnCall>('/api/oncall'), select: (d) => d.oncall, refetchInterval: 60_000, staleTime: 30_000 })
}

export function useCreateSchedule() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: ScheduleBody) => api<Schedule>('/api/schedules', { method: 'POST', body }),
    onSuccess: (s) => {
      toast('success', `Created ${s.name}`)
      void client.invalidateQueries({ queryKey: qk.schedules })
    },
  })
}

export function useUpdateSchedule(id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (body: Partial<ScheduleBody>) => api<Schedule>(`/api/schedules/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
    onSuccess: (s) => {
      toast('success', `Saved ${s.name}`)
      void client.invalidateQueries({ queryKey: qk.schedules })
    },
  })
}

export function useDeleteSchedule() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (s: Schedule) => api<void>(`/api/schedules/${encodeURIComponent(s.id)}`, { method: 'DELETE' }),
    onSuccess: (_, s) => toast('success', `Deleted ${s.name}`),
    onError: (e) => toast('error', e.message),
    onSettled: () => client.invalidateQueries({ queryKey: qk.schedules }),
  })
}
