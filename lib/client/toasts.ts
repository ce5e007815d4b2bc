// Short messages for the person at the keyboard: what just happened, or why it did not.
// A tiny store read through useSyncExternalStore, so any hook can report without a provider.
import { useSyncExternalStore } from 'react'

export interface ToastAction {
  label: string
  run: () => void
}

export interface Toast {
  id: number
  /** `info`: nothing changed, and that is all there is to know (a viewer pressed `a`). */
  kind: 'success' | 'error' | 'info'
  text: string
  action?: ToastAction
}

let toasts: Toast[] = []
let nextId = 1
const subscribers = new Set<() => void>()
const emit = () => subscribers.forEach((s) => s())

export function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id)
  emit()
}

export function toast(kind: Toast['kind'], text: string, action?: ToastAction) {
  const id = nextId++
  toasts = [...toasts.slice(-3), { id, kind, text, action }]
  emit()
  // Errors stay until dismissed: at 3 a.m. nobody should miss why an action failed. One that
  // offers an undo stays long enough to reach its button.
  if (kind !== 'error') setTimeout(() => dismiss(id), action ? 10_000 : 4_000)
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
