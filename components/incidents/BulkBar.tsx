'use client'

/** Always on screen (no jump when the first row is selected); its buttons wake up with a selection. */
export function BulkBar({ count, onAcknowledge, onResolve, onClear, busy }: { count: number; onAcknowledge: () => void; onResolve: () => void; onClear: () => void; busy: boolean }) {
  const none = count === 0
  return (
    <div role="toolbar" aria-label="Selected incidents" className="flex min-h-11 flex-wrap items-center gap-2 border-b border-line px-3 py-1.5 text-sm">
      <span className="mr-1 tabular-nums text-muted" aria-live="polite">
        {none ? 'None selected' : `${count} selected`}
      </span>
      <button type="button" className="btn btn-sm" onClick={onAcknowledge} disabled={none || busy}>
        Acknowledge selected
      </button>
      <button type="button" className="btn btn-sm" onClick={onResolve} disabled={none || busy}>
        Resolve selected
      </button>
      <button type="button" className="btn btn-sm border-transparent" onClick={onClear} disabled={none}>
        Clear
      </button>
    </div>
  )
}
