// Facts about an incoming request that several parts of lib/api need.
import type { NextRequest } from 'next/server'

/**
 * The caller's address, for per-address limits. X-Forwarded-For is believed only when
 * TRUST_PROXY=1 says a proxy in front of us sets it; otherwise the socket's address, which
 * Next passes on as x-forwarded-for's last entry.
 */
export function clientAddress(req: NextRequest): string {
  const xff = req.headers.get('x-forwarded-for')
  if (!xff) return 'unknown'
  const parts = xff.split(',').map((s) => s.trim()).filter(Boolean)
  const chosen = process.env.TRUST_PROXY === '1' ? parts[0] : parts[parts.length - 1]
  return chosen ?? 'unknown'
}

/** The app's own origins: APP_ORIGIN (comma-separated) if set, else the one the request came to. */
function ownOrigins(req: NextRequest): string[] {
  const configured = process.env.APP_ORIGIN?.split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean)
  if (configured?.length) return configured
  const host = req.headers.get('host')
  const proto = (process.env.TRUST_PROXY === '1' && req.headers.get('x-forwarded-proto')) || new URL(req.url).protocol.replace(':', '')
  return host ? [`${proto}://${host}`] : []
}

/** Origin, or failing that Referer, names this app. Neither present means refuse. */
export function isSameOrigin(req: NextRequest): boolean {
  const mine = ownOrigins(req)
  const origin = req.headers.get('origin')
  if (origin && origin !== 'null') return mine.includes(origin)
  const referer = req.headers.get('referer')
  if (!referer) return false
  try {
    return mine.includes(new URL(referer).origin)
  } catch {
    return false
  }
}
