// Short messages for the person at the keyboard: what just happened, or why it did not.
// A tiny store read through useSyncExternalStore, so any hook can report without a provider.
import { useSyncExternalStore } from 'react'

export interface Toast {
  id: number
  kind: 'success' | 'error'
  text: string
}

let toasts: Toast[] = []
let nextId = 1
const subscribers = new Set<() => void>()
const emit = () => subscribers.forEach((s) => s())

export function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id)
  emit()
}

export function toast(kind: Toast['kind'], text: string) {
  const id = nextId++
  toasts = [...toasts.slice(-3), { id, kind, text }]
  emit()
  // Errors stay until dismissed: at 3 a.m. nobody should miss why an action failed.
  if (kind === 'success') setTimeout(() => dismiss(id), 4000)
}

const subscribe = (fn: () => void) => {
  subscribers.add(fn)
  return () => subscribers.delete(fn)
}
const EMPTY: Toast[] = []

export const useToasts = () =>
  useSyncExternalStore(
    subscribe,
    () => toasts,
    () => EMPTY,
  )
