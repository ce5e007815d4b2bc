// The environment variables the request-facing defences read, in one place (each read once, on
// first use). Limits on rates and sign-ins live in rateLimit.ts; everything else is here.
//
//   APP_ORIGIN                 the app's public origin(s), comma-separated; required in production
//   TRUST_PROXY                how many proxies we run in front of the app (0: none)
//   STREAMS_PER_CREDENTIAL     live streams one key or user may hold open per instance (10)
//   STREAM_RECHECK_MS          how often open streams re-check their credential (5000)
//   BODY_TIMEOUT_MS            how long a request body may take to arrive (10000)
//   PASSWORD_HASHES_AT_ONCE    password hashes computed at the same time per process (2)

const wholeNumber = (name: string, fallback: number, min = 0): number => {
  const raw = process.env[name]
  const n = raw === undefined || raw === '' ? fallback : Number(raw)
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}`)
  return n
}

const once = <T>(read: () => T): (() => T) => {
  let value: { v: T } | undefined
  return () => (value ??= { v: read() }).v
}

/**
 * APP_ORIGIN as a list of origins (`https://host[:port]`), or null when it is not set. A value
 * that is not an origin (a path, a query, no scheme) is refused rather than half-believed.
 */
export const appOrigins = once((): string[] | null => {
  const raw = process.env.APP_ORIGIN?.trim()
  if (!raw) return null
  return raw.split(',').map((entry) => {
    const s = entry.trim().replace(/\/$/, '')
    let url: URL
    try {
      url = new URL(s)
    } catch {
      throw new Error(`APP_ORIGIN: "${s}" is not a URL; give origins such as https://incidents.example.com`)
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== s) {
      throw new Error(`APP_ORIGIN: "${s}" is not an origin (scheme, host and port only, e.g. https://incidents.example.com)`)
    }
    return url.origin
  })
})

/** TRUST_PROXY=N: N proxies we run stand in front of the app, each appending to X-Forwarded-For. */
export const trustedHops = once(() => {
  const n = Number(process.env.TRUST_PROXY ?? 0)
  return Number.isInteger(n) && n > 0 ? n : 0
})

export const streamsPerCredential = once(() => wholeNumber('STREAMS_PER_CREDENTIAL', 10))
export const streamRecheckMs = once(() => wholeNumber('STREAM_RECHECK_MS', 5_000, 100))
export const bodyTimeoutMs = once(() => wholeNumber('BODY_TIMEOUT_MS', 10_000, 1))
export const passwordHashesAtOnce = once(() => wholeNumber('PASSWORD_HASHES_AT_ONCE', 2, 1))
