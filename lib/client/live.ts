'use client'
// Keeps every incident view current. The server streams a notice whenever any incident changes
// (/api/incidents/stream); each notice refetches the incident queries on screen. React Query
// keeps showing the old data while it refetches, so selection, scroll and typing are untouched.
// While the stream is down, queries poll instead (see useLivePolling).
import { useEffect, useState, useSyncExternalStore } from 'react'
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

/** `since`: the change marker the server read before the page's own data (app/_lib/prefill.ts). */
export function useLiveIncidents(since?: string) {
  const client = useQueryClient()
  // Only the marker the page was first rendered with: a later server render (a filter change)
  // must not reconnect the stream.
  const [rendered] = useState(since)
  useEffect(() => {
    // The newest change the data on screen already includes. A (re)connection refetches only when
    // the server's marker has moved past it, so a page load does not ask again for what it was
    // just sent; without a marker (the stream could not read it) it always refetches.
    let seen = rendered
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
    source.addEventListener('ready', (e) => {
      // Anything that changed while the stream was down, or since the page was rendered, is fetched now.
      const marker = markerOf(e)
      if (marker === undefined || marker !== seen) refresh()
      seen = marker
      setConnected(true)
    })
    source.addEventListener('change', (e) => {
      seen = markerOf(e)
      refresh()
    })
    source.addEventListener('error', () => setConnected(false))
    return () => {
      if (pending) clearTimeout(pending)
      source.close()
      setConnected(false)
    }
  }, [client, rendered])
}

function markerOf(e: Event): string | undefined {
  try {
    const { marker } = JSON.parse((e as MessageEvent<string>).data) as { marker?: unknown }
    return typeof marker === 'string' ? marker : undefined
  } catch {
    return undefined
  }
}
