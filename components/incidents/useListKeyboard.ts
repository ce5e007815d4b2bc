'use client'
// The list's shortcuts: j/k move, x selects, a/r/s act, / searches, Enter opens, ? helps.
// Keys typed into a field, or while a dialog or menu is open, are left alone.
import { useEffect, useRef } from 'react'

export interface KeyHandlers {
  move: (delta: 1 | -1) => void
  toggle: () => void
  acknowledge: () => void
  resolve: () => void
  snooze: () => void
  open: () => void
  search: () => void
  help: () => void
  clear: () => void
}

export function typingInto(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

export function useListKeyboard(handlers: KeyHandlers) {
  const ref = useRef(handlers)
  useEffect(() => {
    ref.current = handlers
  })
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typingInto(e.target)) return
      if (document.querySelector('dialog[open], [role=menu]')) return
      const h = ref.current
      const map: Record<string, () => void> = {
        j: () => h.move(1),
        k: () => h.move(-1),
        x: h.toggle,
        a: h.acknowledge,
        r: h.resolve,
        s: h.snooze,
        '/': h.search,
        '?': h.help,
        Enter: h.open,
        o: h.open,
        Escape: h.clear,
      }
      // Enter on a link or button keeps its own meaning.
      if (e.key === 'Enter' && (e.target as HTMLElement).closest('a, button')) return
      const run = map[e.key]
      if (!run) return
      e.preventDefault()
      run()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
}
