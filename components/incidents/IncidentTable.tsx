'use client'
import { VIEW_ORDER } from '@/lib/client/filters'
import type { Incident } from '@/lib/schemas/incidents'
import type { DialogState } from './ActionDialogs'
import { IncidentRow } from './IncidentRow'
import type { Arrival } from './useArrivals'
import type { IncidentActions } from './useIncidentActions'

interface Props {
  rows: Incident[]
  selected: ReadonlySet<string>
  cursorId: string | null
  canWrite: boolean
  hydrated: boolean
  actions: IncidentActions
  arrivals: ReadonlyMap<string, Arrival>
  onToggle: (id: string) => void
  onToggleAll: () => void
  onFocusRow: (id: string) => void
  open: (s: NonNullable<DialogState>) => void
}

const th = 'px-2 py-2 text-left text-xs font-semibold tracking-wide text-muted uppercase'

/**
 * Rows in the server's HTML and in hydration: a tall screen's worth. The rest of the page follows
 * in the transition that enables the controls, a background render that yields to the browser, so
 * the first paint, the document's parse and hydration's one long task carry half the rows.
 */
const FIRST_SCREEN_ROWS = 25

export function IncidentTable({ rows, selected, cursorId, canWrite, hydrated, actions, arrivals, onToggle, onToggleAll, onFocusRow, open }: Props) {
  const all = rows.length > 0 && rows.every((r) => selected.has(r.id))
  const shown = hydrated ? rows : rows.slice(0, FIRST_SCREEN_ROWS)
  // One disabled <fieldset> keeps every control inert until React owns the page (a click before
  // hydration would be lost), so hydrating flips one attribute instead of re-rendering all rows.
  return (
    <fieldset disabled={!hydrated} className="min-w-0">
      <table className="w-full table-fixed border-collapse text-sm">
        <caption className="sr-only">{`Incidents, ${VIEW_ORDER.caption}`}</caption>
        <thead className="border-b border-line bg-raised/50">
          <tr>
            {canWrite && (
              <th scope="col" className="hidden w-10 pl-3 sm:table-cell">
                <input type="checkbox" className="size-4 accent-accent" checked={all} onChange={onToggleAll} disabled={rows.length === 0} aria-label="Select all on this page" />
              </th>
            )}
            <th scope="col" className={`${th} hidden w-14 sm:table-cell ${canWrite ? '' : 'pl-3'}`}>
              #
            </th>
            <th scope="col" className={`${th} hidden w-32 sm:table-cell`}>
              Status
            </th>
            <th scope="col" className={`${th} hidden w-16 sm:table-cell`}>
              Urg.
            </th>
            <th scope="col" className={`${th} hidden w-10 md:table-cell`}>
              <abbr title="Priority" className="no-underline">
                Pri
              </abbr>
            </th>
            <th scope="col" className={`${th} pl-3 sm:pl-2`}>
              Title
            </th>
            <th scope="col" className={`${th} hidden w-36 md:table-cell`}>
              Service
            </th>
            <th scope="col" className={`${th} hidden w-32 lg:table-cell`}>
              Assignee
            </th>
            <th scope="col" className={`${th} hidden w-20 md:table-cell`}>
              Age
            </th>
            {canWrite && (
              <th scope="col" className={`${th} w-28 pr-3 text-right`}>
                <span className="sr-only">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <IncidentRow
              key={r.id}
              incident={r}
              selected={selected.has(r.id)}
              cursor={r.id === cursorId}
              canWrite={canWrite}
              arrival={arrivals.get(r.id)}
              actions={actions}
              onToggle={onToggle}
              onFocusRow={onFocusRow}
              open={open}
            />
          ))}
        </tbody>
      </table>
    </fieldset>
  )
}
