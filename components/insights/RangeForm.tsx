'use client'
// The Insights page's range, bucket and service. A plain GET form, so it works before (or
// without) JavaScript; with it, each change replaces the address and the server renders the
// page for it, so any view is a link to share. The server checks the range and says what is wrong.
import { useRouter } from 'next/navigation'
import { useState, useTransition, type ReactNode } from 'react'
import { Field } from '@/components/ui/Field'
import { withQuery } from '@/lib/client/fetcher'
import { analyticsParams, type InsightsQuery } from '@/lib/client/insightsQuery'

const same = (a: InsightsQuery, b: InsightsQuery) => a.from === b.from && a.to === b.to && a.bucket === b.bucket && a.serviceId === b.serviceId

export function RangeForm({ query, services, children }: { query: InsightsQuery; services: { id: string; name: string }[]; children?: ReactNode }) {
  const router = useRouter()
  const [pending, startTransition] = useTransition()
  const [values, setValues] = useState(query)
  // The address changed under the form (the nav link, a shared link): show what it holds.
  const [shown, setShown] = useState(query)
  if (!same(shown, query)) {
    setShown(query)
    setValues(query)
  }
  const apply = (patch: Partial<InsightsQuery>) => {
    const next = { ...values, ...patch }
    setValues(next)
    startTransition(() => router.replace(withQuery('/insights', analyticsParams(next)), { scroll: false }))
  }
  return (
    <form
      method="get"
      action="/insights"
      className="card flex flex-wrap items-end gap-3 p-4"
      onSubmit={(e) => {
        e.preventDefault()
        apply({})
      }}
      aria-label="Range and service"
    >
      <Field id="insights-from" label="From">
        {/* A date being typed reads as empty until it is whole: wait for it. */}
        <input id="insights-from" name="from" type="date" className="field" value={values.from} required onChange={(e) => e.target.value && apply({ from: e.target.value })} />
      </Field>
      <Field id="insights-to" label="To">
        <input id="insights-to" name="to" type="date" className="field" value={values.to} required onChange={(e) => e.target.value && apply({ to: e.target.value })} />
      </Field>
      <Field id="insights-bucket" label="Per">
        <select id="insights-bucket" name="bucket" className="field" value={values.bucket} onChange={(e) => apply({ bucket: e.target.value })}>
          <option value="day">Day</option>
          <option value="week">Week</option>
        </select>
      </Field>
      <Field id="insights-service" label="Service" className="min-w-48 flex-1">
        <select id="insights-service" name="serviceId" className="field" value={values.serviceId} onChange={(e) => apply({ serviceId: e.target.value })}>
          <option value="">All services</option>
          {services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="btn" aria-busy={pending}>
        {pending ? 'Showing…' : 'Show'}
      </button>
      {children}
    </form>
  )
}
