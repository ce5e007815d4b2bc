// Overrides of one schedule may not overlap: at any instant at most one person is put on call by
// hand, so which override wins never needs a rule. Touching ends (one ends as the next starts) are fine.

export interface Span {
  start: Date
  end: Date
}

/** The first pair (by start) of overlapping spans, as their indexes in `spans`; null when none overlap. */
export function firstOverlap(spans: Span[]): [number, number] | null {
  const order = spans.map((s, i) => ({ s, i })).sort((a, b) => a.s.start.getTime() - b.s.start.getTime() || a.i - b.i)
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1]
    const next = order[k]
    if (next.s.start < prev.s.end) return [Math.min(prev.i, next.i), Math.max(prev.i, next.i)]
  }
  return null
}
