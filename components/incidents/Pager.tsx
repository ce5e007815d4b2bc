'use client'
import { PAGE_SIZE } from '@/lib/client/filters'

export function Pager({ page, total, shown, onPage, disabled }: { page: number; total: number; shown: number; onPage: (p: number) => void; disabled: boolean }) {
  const from = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1
  const to = (page - 1) * PAGE_SIZE + shown
  const last = Math.max(1, Math.ceil(total / PAGE_SIZE))
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
      <p className="text-muted tabular-nums" aria-live="polite">
        {from}–{to} of {total}
      </p>
      <div className="flex gap-2">
        <button type="button" className="btn btn-sm" onClick={() => onPage(page - 1)} disabled={disabled || page <= 1}>
          ← Previous
        </button>
        <button type="button" className="btn btn-sm" onClick={() => onPage(page + 1)} disabled={disabled || page >= last}>
          Next →
        </button>
      </div>
    </nav>
  )
}
