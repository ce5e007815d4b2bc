'use client'
// Keeps every incident view current. The server streams a notice whenever any incident changes
// (/api/incidents/stream); each notice refetches the incident queries on screen. React Query
// keeps showing the old data while it refetches, so selection, scroll and typing are untouched.
// While the stream is down, queries poll instead (see useLivePolling).
import { useEffect, useSyncExternalStore } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { qk } from './keys'

let connected = false
const subscribers = new Set<() => void>()
function setConnected(v: boolean) {
  if (connected === v) return
  connected = v
  subscribers.forEach((s) => s())
}
const subscribe = (fn: () => void) => {
  subscribers.add(fn)
  return () => subscribers.delete(fn)
}

export const useLiveConnected = () =>
  useSyncExternalStore(
    subscribe,
    () => connected,
    () => false,
  )

/** How often incident queries poll: rarely while the stream delivers notices, often while it does not. */
export function useLivePolling(): number {
  return useLiveConnected() ? 60_000 : 5_000
}

export function useLiveIncidents() {
  const client = useQueryClient()
  useEffect(() => {
    const source = new EventSource('/api/incidents/stream')
    let pending: ReturnType<typeof setTimeout> | null = null
    const refresh = () => {
      // A burst of changes (a bulk action) costs one refetch. Mutations in flight refetch when
      // they settle; refetching now would briefly undo their optimistic state.
      if (pending) return
      pending = setTimeout(() => {
        pending = null
        if (client.isMutating() === 0) void client.invalidateQueries({ queryKey: qk.incidents })
      }, 150)
    }
    source.addEventListener('ready', () => {
      // Anything that changed while the stream was down is fetched now.
      if (connected === false) refresh()
      setConnected(true)
    })
    source.addEventListener('change', refresh)
    source.addEventListener('error', () => setConnected(false))
    return () => {
      if (pending) clearTimeout(pending)
      source.close()
      setConnected(false)
    }
  }, [client])
}
