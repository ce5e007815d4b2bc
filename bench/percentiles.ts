/** p50/p95/p99 of a list of latencies (the value at that rank; NaN for an empty list). */
export function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  const s = [...values].sort((a, b) => a - b)
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN)
  return { p50: at(50), p95: at(95), p99: at(99) }
}
