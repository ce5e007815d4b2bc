// The Insights page: incidents created, acknowledged and resolved per day or week, and the mean
// times to acknowledge and resolve, over the range and service in the page's address; a table per
// service and the CSV downloads. Rendered on the server, charts included: only the range form runs
// in the browser.
import { analyticsCsvUrl, type InsightsQuery } from '@/lib/client/insightsQuery'
import type { Analytics, AnalyticsBucket } from '@/lib/schemas/analytics'
import { RangeForm } from './RangeForm'
import { TrendChart, type Series } from './TrendChart'

/** The figures for the address's query, or the API's message when it refuses the query. `bucket`: as the API understood the address's. */
export type InsightsResult = { data: Analytics; bucket: AnalyticsBucket; error: null } | { data: null; error: string }

/** A duration for people: 45s, 12m 5s, 3h 20m, 2d 4h. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '–'
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`
}

export function InsightsView({ query, services, result }: { query: InsightsQuery; services: { id: string; name: string }[]; result: InsightsResult }) {
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Insights</h1>
      <RangeForm query={query} services={services}>
        <a className="btn" href={analyticsCsvUrl(query, 'buckets')} download>
          Download CSV
        </a>
      </RangeForm>
      <p role="alert" className="min-h-5 text-sm text-danger">
        {result.error}
      </p>
      <div data-loaded={result.data ? 'true' : 'false'} className="space-y-4">
        {result.data && <Results data={result.data} bucket={result.bucket} query={query} />}
      </div>
    </div>
  )
}

function Results({ data, bucket: per, query }: { data: Analytics; bucket: AnalyticsBucket; query: InsightsQuery }) {
  const starts = data.buckets.map((b) => Date.parse(b.start))
  const minutes = (s: number | null) => (s === null ? null : s / 60)
  const counts: Series[] = [
    { label: 'Created', color: '--color-accent', values: data.buckets.map((b) => b.created) },
    { label: 'Acknowledged', color: '--color-chart-ack', values: data.buckets.map((b) => b.acknowledged) },
    { label: 'Resolved', color: '--color-ok', values: data.buckets.map((b) => b.resolved) },
  ]
  const times: Series[] = [
    { label: 'MTTA', color: '--color-chart-ack', values: data.buckets.map((b) => minutes(b.mttaSeconds)) },
    { label: 'MTTR', color: '--color-ok', values: data.buckets.map((b) => minutes(b.mttrSeconds)) },
  ]
  const total = data.buckets.reduce((n, b) => n + b.created, 0)
  return (
    <>
      <div className="grid gap-4 lg:grid-cols-2">
        <figure className="card min-w-0 p-4">
          <figcaption className="mb-2 font-semibold">Incidents per {per}</figcaption>
          <div role="img" aria-label={`Chart: ${total} incidents created from ${query.from} to ${query.to}, per ${per}; the table below lists every ${per}.`}>
            <TrendChart starts={starts} series={counts} />
          </div>
        </figure>
        <figure className="card min-w-0 p-4">
          <figcaption className="mb-2 font-semibold">Mean time to acknowledge and resolve (minutes)</figcaption>
          <div role="img" aria-label={`Chart: mean time to acknowledge and to resolve per ${per}, in minutes; the table below lists every ${per}.`}>
            <TrendChart starts={starts} series={times} />
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
        <table className="figures">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Created</th>
              {/* Below sm the alerts column gives way, so MTTA and MTTR fit a phone without scrolling. */}
              <th scope="col" className="max-sm:hidden">Alerts</th>
              <th scope="col">MTTA</th>
              <th scope="col">MTTR</th>
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
              <tr key={s.id}>
                <th scope="row">{s.name}</th>
                <td>{s.created}</td>
                <td className="max-sm:hidden">{s.alerts}</td>
                <td>{duration(s.mttaSeconds)}</td>
                <td>{duration(s.mttrSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <details className="card overflow-x-auto p-4">
        <summary className="cursor-pointer font-semibold">Per {per}: the charts as a table</summary>
        <table className="figures mt-2">
          <thead>
            <tr>
              <th scope="col">{per === 'day' ? 'Day' : 'Week from'}</th>
              <th scope="col">Created</th>
              <th scope="col">Acknowledged</th>
              <th scope="col">Resolved</th>
              <th scope="col">MTTA</th>
              <th scope="col">MTTR</th>
            </tr>
          </thead>
          <tbody>
            {data.buckets.map((b) => (
              <tr key={b.start}>
                <th scope="row" className="font-normal tabular-nums">{b.start.slice(0, 10)}</th>
                <td>{b.created}</td>
                <td>{b.acknowledged}</td>
                <td>{b.resolved}</td>
                <td>{duration(b.mttaSeconds)}</td>
                <td>{duration(b.mttrSeconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  )
}
