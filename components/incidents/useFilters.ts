'use client'
// The view's filters live in the URL: reading them is parsing the search params; changing them
// replaces the URL (no history entry per keystroke), which re-renders with the new query.
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { useCallback, useEffect, useMemo, useRef } from 'react'
import { filtersToSearch, parseFilters, type Filters } from '@/lib/client/filters'

export type FilterChange = Partial<Filters> | ((current: Filters) => Partial<Filters>)

export function useFilters(): [Filters, (change: FilterChange) => void] {
  const params = useSearchParams()
  const router = useRouter()
  const path = usePathname()
  const filters = useMemo(() => parseFilters(params), [params])
  // Changes in quick succession build on each other, not on the URL of the last render: until
  // the URL reaches the last one asked for, the pending filters are the truth.
  const latest = useRef(filters)
  const pending = useRef<string | null>(null)
  useEffect(() => {
    const search = filtersToSearch(filters)
    if (pending.current === null || pending.current === search) {
      latest.current = filters
      pending.current = null
    }
  }, [filters])
  const set = useCallback(
    (input: FilterChange) => {
      const change = typeof input === 'function' ? input(latest.current) : input
      // Any change but paging starts again from the first page.
      const next = { ...latest.current, ...change, page: change.page ?? 1 }
      const search = filtersToSearch(next)
      latest.current = next
      pending.current = search === filtersToSearch(parseFilters(new URLSearchParams(window.location.search))) ? null : search
      router.replace(`${path}${search}`, { scroll: false })
    },
    [router, path],
  )
  return [filters, set]
}
