'use client'
// The Insights page: incidents created, acknowledged and resolved per day or week, and the mean
// times to acknowledge and resolve, over a chosen range and service; a table per service and the
// CSV downloads. The charts are drawn by uPlot, loaded only here; the tables are their text form.
import dynamic from 'next/dynamic'
import { useMemo, useState } from 'react'
import { Field } from '@/components/ui/Field'
import { analyticsCsvUrl, useAnalytics } from '@/lib/client/analytics'
import { initialInsightsQuery, type InsightsQuery } from '@/lib/client/insightsQuery'
import { useServices } from '@/lib/client/directory'
import type { Analytics } from '@/lib/schemas/analytics'
import { MAX_ANALYTICS_DAYS } from '@/lib/schemas/values'
import type { Series } from './TrendChart'

const TrendChart = dynamic(() => import('./TrendChart'), { ssr: false, loading: () => <div className="h-[250px]" /> })

const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-muted uppercase'
const td = 'px-3 py-2 tabular-nums whitespace-nowrap'

/** A duration for people: 45s, 12m 5s, 3h 20m, 2d 4h. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–'
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`
}

export function InsightsView({ today }: { today: string }) {
  const [query, setQuery] = useState<InsightsQuery>(() => initialInsightsQuery(today))
  const services = useServices()
  const analytics = useAnalytics(query)
  const set = (patch: Partial<InsightsQuery>) => setQuery((q) => ({ ...q, ...patch }))
  const error = analytics.error instanceof Error ? analytics.error.message : null

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Insights</h1>
      <form className="card flex flex-wrap items-end gap-3 p-4" onSubmit={(e) => e.preventDefault()} aria-label="Range and service">
        <Field id="insights-from" label="From">
          <input id="insights-from" type="date" className="field" value={query.from} max={query.to} required onChange={(e) => e.target.value && set({ from: e.target.value })} />
        </Field>
        <Field id="insights-to" label="To">
          <input id="insights-to" type="date" className="field" value={query.to} min={query.from} required onChange={(e) => e.target.value && set({ to: e.target.value })} />
        </Field>
        <Field id="insights-bucket" label="Per">
          <select id="insights-bucket" className="field" value={query.bucket} onChange={(e) => set({ bucket: e.target.value as InsightsQuery['bucket'] })}>
            <option value="day">Day</option>
            <option value="week">Week</option>
          </select>
        </Field>
        <Field id="insights-service" label="Service" className="min-w-48 flex-1">
          <select id="insights-service" className="field" value={query.serviceId} onChange={(e) => set({ serviceId: e.target.value })}>
            <option value="">All services</option>
            {services.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <a className="btn" href={analyticsCsvUrl(query, 'buckets')} download>
          Download CSV
        </a>
      </form>
      <p role="alert" className="min-h-5 text-sm text-danger">
        {error && `${error} (at most ${MAX_ANALYTICS_DAYS} days)`}
      </p>
      <div data-loaded={analytics.data ? 'true' : 'false'} aria-busy={analytics.isFetching} className="space-y-4">
        {analytics.data && <Results data={analytics.data} query={query} />}
      </div>
    </div>
  )
}

function Results({ data, query }: { data: Analytics; query: InsightsQuery }) {
  const starts = useMemo(() => data.buckets.map((b) => Date.parse(b.start) / 1000), [data])
  const counts = useMemo<Series[]>(
    () => [
      { label: 'Created', color: '--color-accent', values: data.buckets.map((b) => b.created) },
      { label: 'Acknowledged', color: '--color-chart-ack', values: data.buckets.map((b) => b.acknowledged) },
      { label: 'Resolved', color: '--color-ok', values: data.buckets.map((b) => b.resolved) },
    ],
    [data],
  )
  const times = useMemo<Series[]>(
    () => [
      { label: 'MTTA', color: '--color-chart-ack', values: data.buckets.map((b) => (b.mttaSeconds === null ? null : b.mttaSeconds / 60)) },
      { label: 'MTTR', color: '--color-ok', values: data.buckets.map((b) => (b.mttrSeconds === null ? null : b.mttrSeconds / 60)) },
    ],
    [data],
  )
  const total = data.buckets.reduce((n, b) => n + b.created, 0)
  const per = query.bucket === 'day' ? 'day' : 'week'
  return (
    <>
      <div className="grid gap-4 lg:grid-cols-2">
        <figure className="card min-w-0 p-4">
          <figcaption className="mb-2 font-semibold">Incidents per {per}</figcaption>
          <div role="img" aria-label={`Chart: ${total} incidents created from ${query.from} to ${query.to}, per ${per}; the table below lists every ${per}.`}>
            <TrendChart starts={starts} series={counts} unit="incidents" />
          </div>
        </figure>
        <figure className="card min-w-0 p-4">
          <figcaption className="mb-2 font-semibold">Mean time to acknowledge and resolve (minutes)</figcaption>
          <div role="img" aria-label={`Chart: mean time to acknowledge and to resolve per ${per}, in minutes; the table below lists every ${per}.`}>
            <TrendChart starts={starts} series={times} unit="minutes" />
          </div>
        </figure>
      </div>

      <section aria-labelledby="insights-services-h" className="card overflow-x-auto">
        <div className="flex flex-wrap items-center justify-between gap-2 p-4 pb-2">
          <h2 id="insights-services-h" className="font-semibold">
            Per service
          </h2>
          <a className="text-sm text-accent underline" href={analyticsCsvUrl(query, 'services')} download>
            CSV per service
          </a>
        </div>
        <table className="w-full text-sm">
          <thead className="border-b border-line">
            <tr>
              <th scope="col" className={th}>Service</th>
              <th scope="col" className={`${th} text-right`}>Created</th>
              <th scope="col" className={`${th} text-right`}>Alerts</th>
              <th scope="col" className={`${th} text-right`}>MTTA</th>
              <th scope="col" className={`${th} text-right`}>MTTR</th>
            </tr>
          </thead>
          <tbody>
            {data.services.length === 0 && (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-muted">
                  No incidents in this range.
                </td>
              </tr>
            )}
            {data.services.map((s) => (
              <tr key={s.id} className="border-b border-line last:border-0">
                <th scope="row" className="px-3 py-2 text-left font-medium">{s.name}</th>
                <td className={`${td} text-right`}>{s.created}</td>
                <td className={`${td} text-right`}>{s.alerts}</td>
                <td className={`${td} text-right`}>{duration(s.mttaSeconds)}</td>
                <td className={`${td} text-right`}>{duration(s.mttrSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <details className="card overflow-x-auto p-4">
        <summary className="cursor-pointer font-semibold">Per {per}: the charts as a table</summary>
        <table className="mt-2 w-full text-sm">
          <thead className="border-b border-line">
            <tr>
              <th scope="col" className={th}>{per === 'day' ? 'Day' : 'Week from'}</th>
              <th scope="col" className={`${th} text-right`}>Created</th>
              <th scope="col" className={`${th} text-right`}>Acknowledged</th>
              <th scope="col" className={`${th} text-right`}>Resolved</th>
              <th scope="col" className={`${th} text-right`}>MTTA</th>
              <th scope="col" className={`${th} text-right`}>MTTR</th>
            </tr>
          </thead>
          <tbody>
            {data.buckets.map((b) => (
              <tr key={b.start} className="border-b border-line last:border-0">
                <th scope="row" className="px-3 py-1.5 text-left font-normal tabular-nums">{b.start.slice(0, 10)}</th>
                <td className={`${td} text-right`}>{b.created}</td>
                <td className={`${td} text-right`}>{b.acknowledged}</td>
                <td className={`${td} text-right`}>{b.resolved}</td>
                <td className={`${td} text-right`}>{duration(b.mttaSeconds)}</td>
                <td className={`${td} text-right`}>{duration(b.mttrSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  )
}
