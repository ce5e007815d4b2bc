'use client'
// Notes from the incident page: one POST, then the incident (and its timeline) read again.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Note } from '@/lib/schemas/notes'
import { api } from './fetcher'
import { qk } from './keys'
import { toast } from './toasts'

export function useAddNote(incident: { id: string; number: number }) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (text: string) => api<Note>(`/api/incidents/${encodeURIComponent(incident.id)}/notes`, { method: 'POST', body: { text } }),
    onSuccess: () => {
      toast('success', `Note added to #${incident.number}`)
      void client.invalidateQueries({ queryKey: qk.incidents })
    },
  })
}
