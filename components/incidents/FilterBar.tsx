'use client'
import { forwardRef, useDeferredValue, useEffect, useRef, useState } from 'react'
import { useServices, useUsers } from '@/lib/client/directory'
import type { Filters } from '@/lib/client/filters'
import type { Urgency } from '@/lib/schemas/values'

interface Props {
  filters: Filters
  onChange: (change: Partial<Filters>) => void
  disabled: boolean
}

/** Title search, service, urgency and assignee. Typing is debounced into the URL; a refetch never touches the draft. */
export const FilterBar = forwardRef<HTMLInputElement, Props>(function FilterBar({ filters, onChange, disabled }, searchRef) {
  // Asked for once React owns the page (`disabled` is false from then on): a query that mounts
  // without data starts its request and a synchronous re-render inside hydration's own effects,
  // the page load's longest task. Deferred: 50 services and 200 people become a few hundred
  // <option>s, created in a render that yields to the browser.
  const services = useDeferredValue(useServices({ enabled: !disabled }).data)
  const users = useDeferredValue(useUsers({ enabled: !disabled }).data)
  const [draft, setDraft] = useState(filters.q)
  // At phone width the three selects fold behind one button, so the first incident is on screen.
  const [more, setMore] = useState(false)
  const narrowed = [filters.service.length > 0, !!filters.urgency, !!filters.assignee].filter(Boolean).length
  const typing = useRef(false)

  // The URL changed from elsewhere (back button, reset): show it, unless the user is mid-word.
  useEffect(() => {
    if (!typing.current) setDraft(filters.q)
  }, [filters.q])

  useEffect(() => {
    if (draft === filters.q) return
    const t = setTimeout(() => {
      typing.current = false
      onChange({ q: draft })
    }, 300)
    return () => clearTimeout(t)
  }, [draft, filters.q, onChange])

  return (
    <div className="flex flex-col gap-2 sm:grid sm:grid-cols-[minmax(12rem,2fr)_repeat(3,minmax(8rem,1fr))]">
      <div className="flex gap-2">
        <label htmlFor="filter-q" className="sr-only">
          Search titles (press /)
        </label>
        <input
          ref={searchRef}
          id="filter-q"
          type="search"
          className="field"
          placeholder="Search titles or #number  ( / )"
          value={draft}
          maxLength={200}
          onChange={(e) => {
            typing.current = true
            setDraft(e.target.value)
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Escape') return
            // Escape leaves the box (so the list's shortcuts work) and keeps the search: the
            // browser's own Escape in a search field would empty it, and the debounce would then
            // drop the filter from the URL.
            e.preventDefault()
            ;(e.target as HTMLInputElement).blur()
          }}
          disabled={disabled}
        />
        <button type="button" className="btn sm:hidden" aria-expanded={more} aria-controls="more-filters" onClick={() => setMore((m) => !m)} disabled={disabled}>
          Filters{narrowed ? ` (${narrowed})` : ''} <span aria-hidden="true">{more ? '▴' : '▾'}</span>
        </button>
      </div>
      <div id="more-filters" className={`${more ? 'grid' : 'hidden'} grid-cols-1 gap-2 sm:contents`}>
      <Select id="filter-service" label="Service" value={filters.service[0] ?? ''} onChange={(v) => onChange({ service: v ? [v] : [] })} disabled={disabled}>
        <option value="">All services</option>
        {services?.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
        {filters.service.length > 1 && <option value={filters.service[0]}>{filters.service.length} services</option>}
      </Select>
      <Select id="filter-urgency" label="Urgency" value={filters.urgency ?? ''} onChange={(v) => onChange({ urgency: (v || null) as Urgency | null })} disabled={disabled}>
        <option value="">Any urgency</option>
        <option value="HIGH">High</option>
        <option value="LOW">Low</option>
      </Select>
      <Select id="filter-assignee" label="Assignee" value={filters.assignee ?? ''} onChange={(v) => onChange({ assignee: v || null })} disabled={disabled}>
        <option value="">Anyone</option>
        <option value="me">Assigned to me</option>
        <option value="none">Unassigned</option>
        {users?.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </Select>
      </div>
    </div>
  )
})

function Select({ id, label, value, onChange, disabled, children }: { id: string; label: string; value: string; onChange: (v: string) => void; disabled: boolean; children: React.ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <select id={id} className="field" value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        {children}
      </select>
    </div>
  )
}
