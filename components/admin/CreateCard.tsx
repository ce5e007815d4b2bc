'use client'
import { useState, type ReactNode } from 'react'

/**
 * A card whose create form opens on demand: long editors stay out of the way of the list below.
 * `children` gets `done`, which closes the card; closing unmounts the form, so it opens empty.
 */
export function CreateCard({ id, title, openLabel, children }: { id: string; title: string; openLabel: string; children: (done: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false)
  return (
    <section aria-labelledby={id} className="card p-5">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        <button type="button" className="btn btn-sm" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? 'Close' : openLabel}
        </button>
      </div>
      {open && <div className="mt-4">{children(() => setOpen(false))}</div>}
    </section>
  )
}
