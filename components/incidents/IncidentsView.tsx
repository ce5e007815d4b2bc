'use client'
import { useRouter } from 'next/navigation'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { baseQuery, listQuery } from '@/lib/client/filters'
import { useHydrated } from '@/lib/client/hydrated'
import { useBulkUpdate, useIncidentList, useIncidentSummary } from '@/lib/client/incidents'
import { useLiveIncidents } from '@/lib/client/live'
import { useCanWrite, useMe } from '@/lib/client/me'
import { toast } from '@/lib/client/toasts'
import { ActionDialogs, type DialogState } from './ActionDialogs'
import { BulkBar } from './BulkBar'
import { FilterBar } from './FilterBar'
import { IncidentTable } from './IncidentTable'
import { EmptyState, ErrorState, SkeletonRows } from './ListStates'
import { Pager } from './Pager'
import { ShortcutsDialog } from './ShortcutsDialog'
import { StatusFilter, toggleStatus } from './StatusFilter'
import { can, useIncidentActions } from './useIncidentActions'
import { useFilters } from './useFilters'
import { useListKeyboard } from './useListKeyboard'
import { useArrivals } from './useArrivals'
import { withOpenCount } from './tabTitle'
import { OnCallNow } from '@/components/oncall/OnCallNow'

/** The tab title follows the open count as it changes. */
function useOpenCountTitle(open: number | undefined) {
  useEffect(() => {
    if (open !== undefined) document.title = withOpenCount(document.title, open)
  }, [open])
}

/** A viewer pressing a key that would change something learns why nothing happens. */
const readOnly = (what: string) => toast('info', `You can only view incidents: your role cannot ${what}.`)

/** `since`: the change marker the page's data was read after, when the server rendered it. */
export function IncidentsView({ since }: { since?: string }) {
  useLiveIncidents(since)
  const me = useMe()
  const canWrite = useCanWrite()
  const hydrated = useHydrated()
  const router = useRouter()
  const [filters, setFilters] = useFilters()
  const query = useMemo(() => listQuery(filters, me.user.id), [filters, me.user.id])
  const list = useIncidentList(query)
  const summary = useIncidentSummary(useMemo(() => baseQuery(filters, me.user.id), [filters, me.user.id]))
  useOpenCountTitle(summary.data?.counts.OPEN)
  const actions = useIncidentActions()
  const bulk = useBulkUpdate()

  const rows = useMemo(() => list.data?.incidents ?? [], [list.data])
  const arrivals = useArrivals(
    JSON.stringify(query),
    useMemo(() => (list.data && !list.isPlaceholderData ? list.data.incidents.map((r) => r.id) : null), [list.data, list.isPlaceholderData]),
  )
  // Selection and the keyboard cursor are kept by id, so refetches (live updates) never move them.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [cursorId, setCursorId] = useState<string | null>(null)
  // Where the cursor row was: when it leaves the view (resolved), j and k go on from there.
  const cursorIndex = useRef(-1)
  const [dialog, setDialog] = useState<DialogState>(null)
  const [help, setHelp] = useState(false)
  const [bulkBusy, setBulkBusy] = useState(false)
  const search = useRef<HTMLInputElement>(null)
  const tableBox = useRef<HTMLDivElement>(null)

  const selectedRows = rows.filter((r) => selected.has(r.id))
  const cursorRow = rows.find((r) => r.id === cursorId) ?? null
  useEffect(() => {
    if (cursorRow) cursorIndex.current = rows.indexOf(cursorRow)
  }, [rows, cursorRow])

  const toggle = useCallback((id: string) => {
    setSelected((s) => {
      const n = new Set(s)
      if (!n.delete(id)) n.add(id)
      return n
    })
  }, [])
  const toggleAll = () => setSelected((s) => (rows.every((r) => s.has(r.id)) ? new Set() : new Set(rows.map((r) => r.id))))

  async function runBulk(to: 'ACKNOWLEDGED' | 'RESOLVED') {
    // The server judges each row (the screen may be stale): those it refuses are named, with why.
    const targets = selectedRows.filter((r) => r.status !== to)
    if (!targets.length) return
    setBulkBusy(true)
    const ok = await bulk(targets, { status: to }, to === 'ACKNOWLEDGED' ? 'Acknowledged' : 'Resolved')
    setBulkBusy(false)
    if (ok) setSelected(new Set())
  }

  const { seenRow } = arrivals
  const focused = useCallback(
    (id: string) => {
      setCursorId(id)
      seenRow(id)
    },
    [seenRow],
  )

  function focusRow(id: string) {
    setCursorId(id)
    const el = tableBox.current?.querySelector<HTMLElement>(`tr[data-incident-id="${CSS.escape(id)}"]`)
    el?.focus({ preventScroll: true })
    el?.scrollIntoView({ block: 'nearest' })
  }

  /** What a/r act on: the selection if there is one, else the row under the cursor. */
  const targets = () => (selectedRows.length ? selectedRows : cursorRow ? [cursorRow] : [])
  function act(to: 'ACKNOWLEDGED' | 'RESOLVED') {
    if (!canWrite) return readOnly(to === 'ACKNOWLEDGED' ? 'acknowledge' : 'resolve')
    if (selectedRows.length) return void runBulk(to)
    const t = targets()[0]
    if (t && can(t, to)) (to === 'ACKNOWLEDGED' ? actions.acknowledge : actions.resolve)(t)
  }

  useListKeyboard({
    move: (d) => {
      if (!rows.length) return
      const i = rows.findIndex((r) => r.id === cursorId)
      const gone = i === -1 && cursorId !== null && cursorIndex.current >= 0
      // A cursor row that left the view leaves a gap where it was: j takes the row that moved up
      // into its place, k the one above.
      const from = gone ? cursorIndex.current - (d === 1 ? 1 : 0) : i
      const next = from === -1 && !gone ? (d === 1 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, from + d))
      focusRow(rows[next].id)
    },
    toggle: () => (canWrite ? cursorRow && toggle(cursorRow.id) : readOnly('select incidents to change')),
    acknowledge: () => act('ACKNOWLEDGED'),
    resolve: () => act('RESOLVED'),
    snooze: () => (canWrite ? cursorRow && setDialog({ kind: 'snooze', incident: cursorRow }) : readOnly('snooze')),
    open: () => cursorRow && router.push(`/incidents/${cursorRow.id}`),
    search: () => search.current?.focus(),
    help: () => setHelp(true),
    clear: () => setSelected(new Set()),
  })

  const filtered = filters.status !== null || filters.service.length > 0 || !!filters.urgency || !!filters.assignee || !!filters.q
  const reset = () => setFilters({ status: null, service: [], urgency: null, assignee: null, q: '' })

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-semibold">Incidents</h1>
        <OnCallNow />
        <button type="button" className="btn btn-sm hidden sm:inline-flex" onClick={() => setHelp(true)} disabled={!hydrated}>
          <kbd className="font-mono" aria-hidden="true">
            ?
          </kbd>{' '}
          Shortcuts
        </button>
      </div>
      <StatusFilter filters={filters} counts={summary.data?.counts} onToggle={(s) => setFilters((f) => ({ status: toggleStatus(f, s) }))} disabled={!hydrated} />
      <FilterBar ref={search} filters={filters} onChange={setFilters} disabled={!hydrated} />
      <section aria-label="Incident list" className="card overflow-hidden">
        {/* Selecting is for a keyboard and a wide screen: a phone acts on one incident at a time. */}
        {canWrite && (
          <div className="hidden sm:block">
          <BulkBar
            count={selectedRows.length}
            busy={bulkBusy}
            onAcknowledge={() => void runBulk('ACKNOWLEDGED')}
            onResolve={() => void runBulk('RESOLVED')}
            onClear={() => setSelected(new Set())}
          />
          </div>
        )}
        <div ref={tableBox} data-loaded={list.data ? 'true' : 'false'}>
          {list.data ? (
            rows.length ? (
              <IncidentTable
                rows={rows}
                selected={selected}
                cursorId={cursorId}
                canWrite={canWrite}
                hydrated={hydrated}
                actions={actions}
                onToggle={toggle}
                onToggleAll={toggleAll}
                arrivals={arrivals.marks}
                onFocusRow={focused}
                open={setDialog}
              />
            ) : (
              <EmptyState filtered={filtered} onReset={reset} />
            )
          ) : list.isError ? (
            <ErrorState message={list.error.message} onRetry={() => void list.refetch()} />
          ) : (
            <SkeletonRows />
          )}
        </div>
        {list.data && list.isError && (
          <p role="alert" className="border-t border-line px-3 py-2 text-sm text-danger">
            Showing the last loaded list: {list.error.message}
          </p>
        )}
        {list.data && list.data.total > 0 && (
          <div className="border-t border-line">
            <Pager page={filters.page} total={list.data.total} shown={rows.length} onPage={(page) => setFilters({ page })} disabled={!hydrated} />
          </div>
        )}
      </section>
      <ActionDialogs state={dialog} onClose={() => setDialog(null)} actions={actions} />
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
    </div>
  )
}
