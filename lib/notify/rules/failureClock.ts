// A subscription's failure clock, which turns it off once every delivery has failed for 3 days
// (DISABLE_AFTER_MS): it starts at the first failed attempt since the last success, and a success
// stops it. Attempts are recorded in batches; this says what a batch does to each clock.

export interface ClockedAttempt {
  subscriptionId: string
  at: Date
  delivered: boolean
}

export type ClockMove =
  /** The last attempt arrived: no clock runs. */
  | { kind: 'stop' }
  /** Only failures: the clock starts at `since` unless it already runs; `last` is the latest failure. */
  | { kind: 'start'; since: Date; last: Date }
  /** A success, then failures: the clock runs from the first failure after that success. */
  | { kind: 'restart'; since: Date; last: Date }

/** Each subscription's clock after `attempts` (in any order; taken by the time each was made). */
export function failureClockMoves(attempts: readonly ClockedAttempt[]): Map<string, ClockMove> {
  const bySubscription = new Map<string, ClockedAttempt[]>()
  for (const a of attempts) bySubscription.set(a.subscriptionId, [...(bySubscription.get(a.subscriptionId) ?? []), a])
  const moves = new Map<string, ClockMove>()
  for (const [id, list] of bySubscription) {
    const ordered = [...list].sort((a, b) => a.at.getTime() - b.at.getTime())
    const lastSuccess = ordered.findLastIndex((a) => a.delivered)
    const failuresAfter = ordered.slice(lastSuccess + 1)
    if (!failuresAfter.length) moves.set(id, { kind: 'stop' })
    else moves.set(id, { kind: lastSuccess < 0 ? 'start' : 'restart', since: failuresAfter[0]!.at, last: failuresAfter.at(-1)!.at })
  }
  return moves
}
