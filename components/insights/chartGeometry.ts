// Where a trend chart's lines, dots and axis labels go: d3-scale picks the scales and their ticks,
// d3-shape draws the lines, leaving a gap where a value is null (a mean of no incidents). The
// plot is WIDTH × HEIGHT units, stretched to its box; labels are placed in percent of it.
import { scaleLinear, scaleUtc } from 'd3-scale'
import { line } from 'd3-shape'

export interface Series {
  label: string
  /** A CSS variable holding the colour, e.g. `--color-accent`. */
  color: string
  values: (number | null)[]
}

export interface Tick {
  /** Percent of the plot's width (x) or height (y) from its left or top. */
  at: number
  label: string
}

const WIDTH = 1000
const HEIGHT = 180
const DAY_MS = 86_400_000
/** Beyond this many buckets the dots would touch; the line alone reads better. */
const MAX_DOTS = 40
// A tenth of a unit is finer than a pixel at any width; more digits only make the page longer.
const at = (n: number) => Math.round(n * 10) / 10

const number = new Intl.NumberFormat('en', { maximumFractionDigits: 1 })
const monthDay = new Intl.DateTimeFormat('en', { timeZone: 'UTC', month: 'short', day: 'numeric' })
const month = new Intl.DateTimeFormat('en', { timeZone: 'UTC', month: 'short' })
const monthYear = new Intl.DateTimeFormat('en', { timeZone: 'UTC', month: 'short', year: 'numeric' })

/** Dates as days ("Nov 8"), or as months ("Dec", "Jan 2027") when every tick starts one. */
function dayLabels(ticks: Date[]): string[] {
  if (!ticks.every((d) => d.getUTCDate() === 1)) return ticks.map((d) => monthDay.format(d))
  return ticks.map((d) => (d.getUTCMonth() === 0 ? monthYear : month).format(d))
}

/** `starts`: each bucket's first instant in ms; each series has a value per bucket. */
export function chartGeometry(starts: number[], series: Series[]) {
  const first = starts[0] ?? 0
  const last = starts.at(-1) ?? first
  // A single bucket sits in the middle rather than on an edge.
  const x = scaleUtc()
    .domain(first === last ? [first - DAY_MS / 2, last + DAY_MS / 2] : [first, last])
    .range([0, WIDTH])
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  // From zero, so a line's height reads as its size; 0..1 when every value is 0.
  const y = scaleLinear()
    .domain([0, Math.max(1, ...values)])
    .nice(4)
    .range([HEIGHT, 0])

  const dates = x.ticks(4)
  const xTicks: Tick[] = dayLabels(dates).map((label, i) => ({ at: at((x(dates[i]) / WIDTH) * 100), label }))
  // Counts get whole ticks only: no "0.5 incidents" on a quiet range.
  const whole = values.every(Number.isInteger)
  const yTicks = y
    .ticks(4)
    .filter((v) => !whole || Number.isInteger(v))
    .map((v) => ({ y: y(v), at: at((y(v) / HEIGHT) * 100), label: number.format(v) }))

  const path = line<[number, number | null]>()
    .digits(1)
    .defined((d) => d[1] !== null)
    .x((d) => x(d[0]))
    .y((d) => y(d[1]!))
  const lines = series.map((s) => {
    const points = starts.map((t, i): [number, number | null] => [t, s.values[i] ?? null])
    const dots = starts.length <= MAX_DOTS ? points.filter((p) => p[1] !== null).map((p) => `M${at(x(p[0]))},${at(y(p[1]!))}h0`) : []
    return { label: s.label, color: s.color, path: path(points) ?? '', dots: dots.join('') }
  })
  return { width: WIDTH, height: HEIGHT, xTicks, yTicks, lines }
}
