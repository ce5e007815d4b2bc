'use client'
import type { UseQueryResult } from '@tanstack/react-query'

/** A card with a heading, holding one admin list. */
export function AdminSection({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="card overflow-hidden">
      <h2 id={id} className="border-b border-line px-4 py-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  )
}

/** The look of an admin table's column header. */
export const headerCell = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-muted uppercase'

export function AdminTable({ headers, children }: { headers: string[]; children: React.ReactNode }) {
  return (
    // relative: the clipped scroller must also contain the absolutely placed screen-reader text,
    // which would otherwise widen the whole page on a phone.
    <div className="relative overflow-x-auto">
      <table className="w-full min-w-[40rem] border-collapse text-sm">
        <thead className="border-b border-line bg-raised/50">
          <tr>
            {headers.map((h, i) => (
              <th key={i} scope="col" className={headerCell}>
                {h || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}

/** Loading, error and empty states for an admin list; the rows once there are some. */
export function TableState<T>({ query, empty, children }: { query: UseQueryResult<T[]>; empty: string; children: (rows: T[]) => React.ReactNode }) {
  if (query.data) return query.data.length ? children(query.data) : <p className="px-4 py-10 text-center text-sm text-muted">{empty}</p>
  if (query.isError)
    return (
      <div role="alert" className="px-4 py-10 text-center text-sm">
        <p className="mb-2 text-danger">{query.error.message}</p>
        <button type="button" className="btn btn-sm" onClick={() => void query.refetch()}>
          Try again
        </button>
      </div>
    )
  return (
    <div role="status" aria-label="Loading" className="space-y-2 p-4">
      {[0, 1, 2].map((i) => (
        <div key={i} className="h-8 animate-pulse rounded bg-raised" />
      ))}
    </div>
  )
}
