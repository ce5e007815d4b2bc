// One attempt to deliver one message over HTTP(S): the address rule checked on the very addresses
// the connection uses (DNS answers included, so a name cannot be re-pointed between check and
// connect), a 10 s limit on the whole attempt, redirects not followed (node:http never follows
// them), and at most 1 KiB of the answer read.
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
    const client = target.protocol === 'https:' ? https : http
    let settled = false
    const finish = (r: Omit<AttemptResult, 'durationMs'>) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      req.destroy()
      resolve(done(r))
    }
    const req = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'incident-console-webhooks' },
      agent: false,
      ...(opts.allowPrivate ? {} : { lookup: guardedLookup as never }),
    })
    const timer = setTimeout(() => finish({ status: null, retryAfter: null, response: null, error: `timeout after ${opts.timeoutMs ?? ATTEMPT_TIMEOUT_MS} ms` }), opts.timeoutMs ?? ATTEMPT_TIMEOUT_MS)
    req.on('error', (e) =>
      finish({ status: null, retryAfter: null, response: null, error: e instanceof RefusedAddress ? `refused: ${e.message}` : e.message || String(e) }),
    )
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
      res.on('end', () => finish(answer()))
      res.on('error', () => finish(answer()))
    })
    req.end(body)
  })
}
