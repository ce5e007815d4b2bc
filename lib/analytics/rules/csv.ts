// The analytics as CSV (RFC 4180: comma-separated, CRLF line ends, a header row). Quoting is a
// dozen lines here rather than a dependency; a cell a spreadsheet would run as a formula (a
// service name starting with = + - @) is prefixed with ' so opening the file never runs it.
import type { Analytics, ANALYTICS_CSV_TABLES } from '@/lib/schemas/analytics'

export type CsvTable = (typeof ANALYTICS_CSV_TABLES)[number]

type Cell = string | number | null

function cell(value: Cell): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

const rows = (header: string[], body: Cell[][]) => [header, ...body].map((r) => r.map(cell).join(',') + '\r\n').join('')

/** One table of the analytics: one row per bucket, or one per service. */
export function analyticsCsv(a: Analytics, table: CsvTable): string {
  if (table === 'services') {
    return rows(
      ['serviceId', 'serviceName', 'created', 'alerts', 'mttaSeconds', 'mttrSeconds'],
      a.services.map((s) => [s.id, s.name, s.created, s.alerts, s.mttaSeconds, s.mttrSeconds]),
    )
  }
  return rows(
    ['start', 'created', 'acknowledged', 'resolved', 'mttaSeconds', 'mttrSeconds'],
    a.buckets.map((b) => [b.start, b.created, b.acknowledged, b.resolved, b.mttaSeconds, b.mttrSeconds]),
  )
}
