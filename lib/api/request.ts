// Facts about an incoming request that several parts of lib/api need.
import type http from 'node:http'
import type { NextRequest } from 'next/server'
import { env } from '@/lib/env'
import { randomIdBytes } from '@/lib/ids'

// `next start` fills X-Forwarded-For from the socket only when the client did not send one
// (`??=`), so that header alone is whatever the caller wants it to be: an attacker could rotate
// it to dodge the per-address limits, or name a victim's address to get the victim refused.
// So the server process stamps every request with the socket's real peer address, in a header
// of its own that overwrites anything a client sent, before Next sees the request
// (lib/server/requestGate.ts).
export const PEER_HEADER = 'x-incident-console-peer'
const g = globalThis as unknown as { __incidentConsolePeerCapture?: boolean }

/** Called by the request gate for every request, before Next sees it. */
export function stampPeerAddress(req: http.IncomingMessage): void {
  g.__incidentConsolePeerCapture = true
  req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? ''
}

export const newRequestId = () => `req_${randomIdBytes(12).toString('base64url')}`

/** TRUST_PROXY=N: N proxies we run stand in front of the app, each appending to X-Forwarded-For. */
const trustedHops = () => env().TRUST_PROXY

/**
 * The caller's address, for per-address limits: the socket's peer, or with TRUST_PROXY=N the
 * address the outermost of our N proxies saw (counted from the right of X-Forwarded-For, so
 * entries a client wrote itself are never believed).
 */
export function clientAddress(req: NextRequest): string {
  const peer = (g.__incidentConsolePeerCapture && req.headers.get(PEER_HEADER)) || null
  const hops = trustedHops()
  if (!peer) return 'unknown' // not served by a process that captured it (never under `next start`)
  if (hops === 0) return peer
  const forwarded = (req.headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  const chain = [...forwarded, peer]
  return chain[Math.max(0, chain.length - 1 - hops)]
}

/**
 * The app's own origins: APP_ORIGIN. Without it (development only: a production server refuses to
 * start, lib/server/startup.ts) the origin the socket was reached on — its scheme from the
 * connection itself, never from X-Forwarded-Proto, which any client can send.
 */
function ownOrigins(req: NextRequest): string[] {
  const configured = env().APP_ORIGIN
  if (configured.length) return configured
  const host = req.headers.get('host')
  return host ? [`${new URL(req.url).protocol}//${host}`] : []
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
