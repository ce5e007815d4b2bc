/** p50/p95/p99 of a list of latencies (the value at that rank; NaN for an empty list). */
export function percentiles(values: number[]): { p50: number; p95: number; p99: number } {
  const s = [...values].sort((a, b) => a - b)
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN)
  return { p50: at(50), p95: at(95), p99: at(99) }
}

/**
 * The handler times (`ms`) of the request log lines in `log`, of one path when `path` is given:
 * what the server spent on each request, without the time it waited to be read.
 */
export function loggedMs(log: string, path?: string): number[] {
  const ms: number[] = []
  for (const line of log.split('\n')) {
    if (!line.includes('"msg":"request"')) continue
    try {
      const entry = JSON.parse(line) as { ms?: unknown; path?: unknown }
      if (typeof entry.ms === 'number' && (path === undefined || entry.path === path)) ms.push(entry.ms)
    } catch {
      // a line cut by the slice
    }
  }
  return ms
}
