// What the list shows before data, without data, and when the API refused.

/** Placeholder rows the same height as real ones, so nothing moves when data arrives. */
export function SkeletonRows({ rows = 8 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading incidents" role="status">
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex h-12 items-center gap-3 border-b border-line px-3 last:border-0">
          <div className="h-5 w-24 animate-pulse rounded bg-raised" />
          <div className="h-4 flex-1 animate-pulse rounded bg-raised" style={{ maxWidth: `${60 - (i % 3) * 12}%` }} />
          <div className="hidden h-4 w-24 animate-pulse rounded bg-raised md:block" />
        </div>
      ))}
    </div>
  )
}

export function EmptyState({ filtered, onReset }: { filtered: boolean; onReset: () => void }) {
  return (
    <div data-empty={filtered ? 'filtered' : 'calm'} className="flex flex-col items-center justify-center gap-2 px-4 py-16 text-center">
      {/* Drawn, not a character: an emoji missing from the system's fonts shows as an empty box. */}
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-9 text-muted" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        {filtered ? (
          <>
            <circle cx="10.5" cy="10.5" r="6.5" />
            <path d="m15.5 15.5 5 5" />
          </>
        ) : (
          <path d="m4.5 12.5 5 5 10-11" stroke="var(--color-ok)" />
        )}
      </svg>
      <p className="font-semibold">{filtered ? 'No incidents match these filters' : 'Nothing needs attention'}</p>
      <p className="max-w-sm text-sm text-muted">
        {filtered ? 'Try fewer filters, or look at every status.' : 'No open, acknowledged or snoozed incidents right now. New ones appear here by themselves.'}
      </p>
      {filtered && (
        <button type="button" className="btn mt-2" onClick={onReset}>
          Reset filters
        </button>
      )}
    </div>
  )
}

export function ErrorState({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div role="alert" className="flex flex-col items-center justify-center gap-2 px-4 py-16 text-center">
      <p className="font-semibold text-danger">Could not load incidents</p>
      <p className="max-w-md text-sm text-muted">{message}</p>
      <button type="button" className="btn mt-2" onClick={onRetry}>
        Try again
      </button>
    </div>
  )
}
