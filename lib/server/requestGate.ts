// What every request meets in the server process before Next sees it. Next answers two kinds of
// request with a bare text 500 outside every handler — no request id, no security headers, and
// for TRACE a stack trace in the log — so they are settled here instead:
// - a method Next cannot route (TRACE, PROPFIND, CONNECT, …) is answered 405 in the contract's
//   error shape, on any path;
// - a path whose percent-encoding does not decode (`%FF`, `%E0%A4`, a lone `%`) has each `%`
//   escaped, so it reaches the app as the literal text it spelled: an /api path gets the JSON
//   404 of whatever route or catch-all it lands on, a page the app's own not-found page.
// - a request Node's own parser refuses (an unknown method, a malformed request line, headers
//   over 16 KiB) gets its 400 or 431 in the same JSON shape instead of a bare status line.
// It also stamps each request with the socket's peer address (lib/api/request.ts), and gives
// each server its keep-alive timeout (KEEP_ALIVE_TIMEOUT_MS, below).
import http from 'node:http'
import type { Duplex } from 'node:stream'
import { newRequestId, stampPeerAddress } from '@/lib/api/request'
import { API_HEADERS, SECURITY_HEADERS } from '@/lib/securityHeaders.mjs'
import { env } from '@/lib/env'
import { log } from '@/lib/log'
import { dropRestOfBody } from './restOfBody'

/** The methods Next's routes and pages serve (HEAD and OPTIONS are answered by Next itself). */
export const ROUTED_METHODS = ['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
const ROUTED = new Set<string>(ROUTED_METHODS)

const g = globalThis as unknown as { __incidentConsoleRequestGate?: boolean }
const prepared = new WeakSet<http.Server>()

/** The URL with every `%` of its path escaped when the path does not percent-decode; else as sent. */
export function decodablePath(url: string): string {
  const q = url.search(/[?#]/)
  const path = q === -1 ? url : url.slice(0, q)
  try {
    decodeURIComponent(path)
    return url
  } catch {
    return path.replaceAll('%', '%25') + (q === -1 ? '' : url.slice(q))
  }
}

interface Refusal {
  status: number
  headers: Record<string, string>
  body: string
  requestId: string
}

function answer(status: number, code: string, message: string, extra: Record<string, string> = {}): Refusal {
  const requestId = newRequestId()
  const body = JSON.stringify({ error: { code, message, requestId } })
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'X-Request-Id': requestId,
    ...extra,
  }
  for (const { key, value } of [...SECURITY_HEADERS, ...API_HEADERS]) headers[key] = value
  return { status, headers, body, requestId }
}

const refusal = (method: string) =>
  answer(405, 'METHOD_NOT_ALLOWED', `the ${method} method is not served here; use ${ROUTED_METHODS.join(', ')}`, { Allow: ROUTED_METHODS.join(', ') })

const REASONS: Record<number, string> = { 400: 'Bad Request', 405: 'Method Not Allowed', 431: 'Request Header Fields Too Large' }

/**
 * Writes a whole answer straight onto a socket that Node handed over without a response object,
 * and ends it: no request can be read from it after this one.
 */
function writeRaw(socket: Duplex, r: Refusal) {
  const head = Object.entries({ ...r.headers, Connection: 'close' }).map(([k, v]) => `${k}: ${v}\r\n`).join('')
  socket.end(`HTTP/1.1 ${r.status} ${REASONS[r.status]}\r\n${head}\r\n${r.body}`)
}

function logRefusal(r: Refusal, method: string, url: string | undefined) {
  log('info', 'request', { requestId: r.requestId, method, path: (url ?? '').split('?')[0], status: r.status })
}

function answerConnect(req: http.IncomingMessage, socket: Duplex) {
  const r = refusal('CONNECT')
  writeRaw(socket, r)
  logRefusal(r, 'CONNECT', req.url)
}

/**
 * Called once per server process, before it serves (lib/server/startup.ts). `lane`: serves a
 * request itself and says so (true), before Next sees it (lib/server/apiLane.ts).
 */
export function installRequestGate(lane?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean): void {
  if (g.__incidentConsoleRequestGate) return
  g.__incidentConsoleRequestGate = true
  const emit = http.Server.prototype.emit
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'connection' && !prepared.has(this)) {
      prepared.add(this)
      // Node drops a CONNECT (a proxy tunnel) without a word unless the server listens for it.
      if (this.listenerCount('connect') === 0) this.on('connect', answerConnect)
      // Node closes a connection idle for 5 s. A proxy in front keeps its idle connections to the
      // server for longer (nginx and most load balancers: 60 s) and sends the next request on
      // one the server is closing at that moment: the client gets a 502. The server must be the
      // one that waits longer. (Idle time does not count towards Node's header timeout.)
      this.keepAliveTimeout = env().KEEP_ALIVE_TIMEOUT_MS
    }
    if (event === 'request') {
      const req = args[0] as http.IncomingMessage
      const res = args[1] as http.ServerResponse
      stampPeerAddress(req)
      if (!ROUTED.has(req.method ?? '')) {
        const r = refusal(req.method ?? '')
        // Its body, if any, is read and dropped: the connection serves on.
        dropRestOfBody(req)
        res.writeHead(r.status, r.headers).end(r.body)
        logRefusal(r, req.method ?? '', req.url)
        return true
      }
      if (req.url) req.url = decodablePath(req.url)
      if (lane?.(req, res)) return true
    } else if (event === 'clientError' && this.listenerCount('clientError') === 0) {
      // What Node would do (a bare status line, then close), in the contract's shape.
      const [err, socket] = args as [NodeJS.ErrnoException, Duplex]
      if (err.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy()
        return true
      }
      const tooLarge = err.code === 'HPE_HEADER_OVERFLOW'
      writeRaw(
        socket,
        tooLarge
          ? answer(431, 'INVALID_REQUEST', 'the request headers are larger than the server accepts (16 KiB)')
          : answer(400, 'INVALID_REQUEST', 'the request is not valid HTTP'),
      )
      return true
    }
    return emit.apply(this, [event, ...args] as Parameters<typeof emit>)
  } as typeof emit
}
