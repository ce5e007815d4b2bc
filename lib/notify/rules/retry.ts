// When a failed delivery is tried again (contract, "Notifications out"): 2xx is delivered; 408,
// 429, 5xx, a timeout or a network error retries with exponential backoff and jitter for 24 hours,
// honouring Retry-After up to an hour; anything else (other 4xx, and 1xx/3xx: redirects are not
// followed) fails at once.

/** Delays after the 1st, 2nd, … failed attempt; after the last, hourly. */
const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000]
export const HOURLY_MS = 3_600_000
export const RETRY_FOR_MS = 24 * HOURLY_MS
export const RETRY_AFTER_MAX_MS = HOURLY_MS
/** ± this share of the delay, so messages that failed together do not all retry together. */
const JITTER = 0.2

export type Outcome = 'delivered' | 'retry' | 'failed'

/** The outcome of an answer with `status`, or of no answer at all (null: timeout, network error). */
export function classify(status: number | null): Outcome {
  if (status === null) return 'retry'
  if (status >= 200 && status < 300) return 'delivered'
  if (status === 408 || status === 429 || status >= 500) return 'retry'
  return 'failed'
}

/** Retry-After as milliseconds (delay-seconds or an HTTP date), capped at an hour; null if absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: Date): number | null {
  if (!header) return null
  const text = header.trim()
  let ms: number
  if (/^\d+$/.test(text)) ms = Number(text) * 1000
  else {
    const at = Date.parse(text)
    if (Number.isNaN(at)) return null
    ms = at - now.getTime()
  }
  return Math.min(Math.max(ms, 0), RETRY_AFTER_MAX_MS)
}

/** The delay before attempt `failures + 1`, after `failures` failed ones (≥ 1). `random` in [0, 1). */
export function backoffMs(failures: number, random: number): number {
  const base = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length + 1) - 1] ?? HOURLY_MS
  return Math.round(base * (1 - JITTER + 2 * JITTER * random))
}

/**
 * When to try a message again after a failed attempt, or null when it has failed for good: a
 * permanent failure, or the next try would fall after its `retryUntil` (24 hours after the change).
 */
export function nextAttemptAt(opts: {
  outcome: Outcome
  failures: number
  retryUntil: Date
  now: Date
  retryAfter: number | null
  random: number
}): Date | null {
  if (opts.outcome !== 'retry') return null
  const delay = opts.retryAfter ?? backoffMs(opts.failures, opts.random)
  const at = new Date(opts.now.getTime() + delay)
  return at > opts.retryUntil ? null : at
}

/** A subscription whose every delivery has failed for this long is turned off. */
export const DISABLE_AFTER_MS = 3 * 24 * HOURLY_MS

/**
 * The outcome of an email attempt by the SMTP server's reply code (null: no reply — a timeout or
 * a network error): 2xx sent; 4xx is the server's "try again later" and retries on the schedule
 * above; 5xx is its "never" (no such mailbox, refused) and fails at once.
 */
export function classifySmtp(code: number | null): Outcome {
  if (code === null) return 'retry'
  if (code >= 200 && code < 300) return 'delivered'
  if (code >= 500) return 'failed'
  return 'retry'
}
