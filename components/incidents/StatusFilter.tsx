'use client'
import { STATUS_LABEL } from '@/components/ui/badges'
import { effectiveStatuses, type Filters } from '@/lib/client/filters'
import type { IncidentSummary } from '@/lib/schemas/summary'
import { ACTIVE_STATUSES, STATUSES, type Status } from '@/lib/schemas/values'

const sameSet = (a: readonly Status[], b: readonly Status[]) => a.length === b.length && a.every((s) => b.includes(s))

/** Status toggles with a live count each; several at once. Clearing them all returns to the default view. */
/** The status filter after toggling `s`: the default view and "all" keep their short URL forms. */
export function toggleStatus(f: Filters, s: Status): Filters['status'] {
  const active = effectiveStatuses(f)
  const next = STATUSES.filter((x) => (x === s ? !active.includes(x) : active.includes(x)))
  return next.length === 0 || sameSet(next, ACTIVE_STATUSES) ? null : next.length === STATUSES.length ? 'all' : next
}

export function StatusFilter({ filters, counts, onToggle, disabled }: { filters: Filters; counts?: IncidentSummary['counts']; onToggle: (s: Status) => void; disabled: boolean }) {
  const active = effectiveStatuses(filters)
  return (
    <div role="group" aria-label="Status" className="-mx-3 flex gap-1.5 overflow-x-auto px-3 sm:mx-0 sm:flex-wrap sm:px-0">
      {STATUSES.map((s) => {
        const on = active.includes(s)
        return (
          <button
            key={s}
            type="button"
            aria-pressed={on}
            disabled={disabled}
            onClick={() => onToggle(s)}
            className={`inline-flex min-h-9 shrink-0 items-center gap-1.5 rounded-full border px-2.5 text-sm sm:gap-2 sm:px-3 ${
              on ? 'border-accent bg-selected font-semibold' : 'border-line bg-surface text-muted hover:bg-raised'
            }`}
          >
            {s === 'ACKNOWLEDGED' ? (
              <>
                <span className="sm:hidden">Acked</span>
                <span className="hidden sm:inline">{STATUS_LABEL[s]}</span>
              </>
            ) : (
              STATUS_LABEL[s]
            )}
            <span data-count={s} className="min-w-[2ch] rounded-full bg-raised px-1.5 text-xs tabular-nums">
              {counts ? counts[s] : '·'}
            </span>
          </button>
        )
      })}
    </div>
  )
}
