// One attempt to deliver one message over HTTP(S): the address rule checked on the very addresses
// the connection uses (DNS answers included, so a name cannot be re-pointed between check and
// connect), a 10 s limit on the whole attempt, redirects not followed (node:http never follows
// them), and at most 1 KiB of the answer read. Connections are kept open between attempts, so a
// busy endpoint is not reconnected for every message; a kept connection goes to an address that
// was checked when it was opened.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import { isIpLiteral, isPublicAddress } from './rules/address'

export const ATTEMPT_TIMEOUT_MS = 10_000
export const RESPONSE_KEPT_BYTES = 1024

export interface AttemptResult {
  status: number | null
  retryAfter: string | null
  response: string | null
  error: string | null
  durationMs: number
}

export class RefusedAddress extends Error {}

/** A kept connection is closed after this long unused: before the usual servers' 5 s drop it. */
const IDLE_CONNECTION_MS = 4_000

function keptConnections<A extends http.Agent>(agent: A): A {
  agent.on('free', (socket: import('node:net').Socket) => socket.setTimeout(IDLE_CONNECTION_MS))
  return agent
}

// Separate pools for checked and unchecked connections: a connection opened without the address
// rule is never handed to an attempt that must follow it.
const agents = {
  guarded: { http: keptConnections(new http.Agent({ keepAlive: true, maxFreeSockets: 8 })), https: keptConnections(new https.Agent({ keepAlive: true, maxFreeSockets: 8 })) },
  open: { http: keptConnections(new http.Agent({ keepAlive: true, maxFreeSockets: 8 })), https: keptConnections(new https.Agent({ keepAlive: true, maxFreeSockets: 8 })) },
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/** dns.lookup that fails for any address the rule refuses (every answer is checked). */
function guardedLookup(hostname: string, options: { all?: boolean }, callback: LookupCallback) {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, options.all ? [] : '')
    const refused = addresses.find((a) => !isPublicAddress(a.address))
    if (refused) return callback(new RefusedAddress(`${hostname} resolves to a non-public address`) as NodeJS.ErrnoException, options.all ? [] : '')
    if (options.all) return callback(null, addresses)
    callback(null, addresses[0]!.address, addresses[0]!.family)
  })
}

export function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs?: number },
): Promise<AttemptResult> {
  const started = performance.now()
  const done = (r: Omit<AttemptResult, 'durationMs'>): AttemptResult => ({ ...r, durationMs: Math.round(performance.now() - started) })
  return new Promise((resolve) => {
    let target: URL
    try {
      target = new URL(url)
    } catch {
      return resolve(done({ status: null, retryAfter: null, response: null, error: 'invalid URL' }))
    }
    if (!opts.allowPrivate && isIpLiteral(target.hostname) && !isPublicAddress(target.hostname)) {
      return resolve(done({ status: null, retryAfter: null, response: null, error: 'refused: not a public address' }))
    }
    const secure = target.protocol === 'https:'
    const client = secure ? https : http
    const pool = agents[opts.allowPrivate ? 'open' : 'guarded']
    const timeoutMs = opts.timeoutMs ?? ATTEMPT_TIMEOUT_MS
    let settled = false
    let req: http.ClientRequest
    /** `reusable`: the answer was read to its end, so the connection can carry the next attempt. */
    const finish = (r: Omit<AttemptResult, 'durationMs'>, reusable = false) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (!reusable) req.destroy()
      resolve(done(r))
    }
    const timer = setTimeout(() => finish({ status: null, retryAfter: null, response: null, error: `timeout after ${timeoutMs} ms` }), timeoutMs)
    const send = (retried: boolean) => {
      req = client.request(target, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'incident-console-webhooks' },
        agent: secure ? pool.https : pool.http,
        ...(opts.allowPrivate ? {} : { lookup: guardedLookup as never }),
      })
      req.on('error', (e: NodeJS.ErrnoException) => {
        // A kept connection the server closed just as it was reused: once more, on a new one.
        if (req.reusedSocket && e.code === 'ECONNRESET' && !retried && !settled) return send(true)
        finish({ status: null, retryAfter: null, response: null, error: e instanceof RefusedAddress ? `refused: ${e.message}` : e.message || String(e) })
      })
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        let kept = 0
        const answer = () => ({
          status: res.statusCode ?? null,
          retryAfter: typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'] : null,
          response: Buffer.concat(chunks).subarray(0, RESPONSE_KEPT_BYTES).toString('utf8'),
          error: null,
        })
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk)
          kept += chunk.length
          // Enough read: the rest of a large answer is never buffered.
          if (kept >= RESPONSE_KEPT_BYTES) finish(answer())
        })
        res.on('end', () => finish(answer(), true))
        res.on('error', () => finish(answer()))
      })
      req.end(body)
    }
    send(false)
  })
}
