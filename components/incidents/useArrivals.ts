'use client'
// Rows that appear in a view after it was first shown: lit up as they arrive, and marked until
// looked at when they arrived while the tab was in the background.
import { useCallback, useEffect, useRef, useState } from 'react'

/** `new`: arrived while the page was in view (marked for a few seconds); `away`: while it was not (until focused). */
export type Arrival = 'new' | 'away'

const NEW_FOR_MS = 10_000

/**
 * `view`: what the rows are a page of (filters and page); a different view starts afresh.
 * `ids`: the rows now, or null while the view's own data has not arrived.
 */
export function useArrivals(view: string, ids: readonly string[] | null) {
  const seen = useRef<{ view: string; ids: Set<string> } | null>(null)
  const [marks, setMarks] = useState<ReadonlyMap<string, Arrival>>(new Map())

  useEffect(() => {
    if (!ids) return
    const before = seen.current
    seen.current = { view, ids: new Set(ids) }
    if (!before || before.view !== view) return
    const fresh = ids.filter((id) => !before.ids.has(id))
    if (!fresh.length) return
    const kind: Arrival = document.visibilityState === 'hidden' ? 'away' : 'new'
    setMarks((m) => new Map([...m, ...fresh.map((id) => [id, kind] as const)]))
    if (kind === 'new')
      setTimeout(() => setMarks((m) => new Map([...m].filter(([id, k]) => !(k === 'new' && fresh.includes(id))))), NEW_FOR_MS)
  }, [view, ids])

  /** The row was looked at (focused or opened): its mark goes. */
  const seenRow = useCallback((id: string) => setMarks((m) => (m.has(id) ? new Map([...m].filter(([k]) => k !== id)) : m)), [])
  return { marks, seenRow }
}
