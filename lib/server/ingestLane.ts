// The ingestion lane: POSTs to the three ingestion paths are served here, in the server process
// before Next sees them, by the very handlers Next would run (lib/events/endpoints.ts: the same
// wrapper, credential, budget, validation and error shapes). Next's own handling of a request
// (routing, its request and response objects, the streams between them) cost more than the whole
// of an ingestion on the bare driver, so an alert storm was bounded by the framework, not by the
// database (docs/performance.md, "Alert storm"). Every other request, and any other method on
// these paths (an answer the methods() table gives: 405 with Allow), goes on to Next.
import type http from 'node:http'
import { Readable } from 'node:stream'
import { NextRequest } from 'next/server'
import { INGESTION_POSTS } from '@/lib/events/endpoints'
import { API_HEADERS, SECURITY_HEADERS } from '@/lib/securityHeaders.mjs'
import { toErrorPayload } from '@/lib/api/errors'
import { newRequestId } from '@/lib/api/request'

/** The headers next.config.mjs gives every /api answer. */
const FIXED_HEADERS = [...SECURITY_HEADERS, ...API_HEADERS]

/** Serves `req` when it is an ingestion POST; false for anything else (Next serves it). */
export function serveIngestion(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (req.method !== 'POST' || !req.url) return false
  const q = req.url.indexOf('?')
  const handler = INGESTION_POSTS[q === -1 ? req.url : req.url.slice(0, q)]
  if (!handler) return false
  void answer(req, res, handler)
  return true
}

function toRequest(req: http.IncomingMessage): NextRequest {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1])
  // The peer address the gate stamped (lib/api/request.ts) is not among the raw headers.
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !headers.has(k)) headers.set(k, v)
  const body = Readable.toWeb(req) as ReadableStream<Uint8Array>
  return new NextRequest(new URL(req.url!, `http://${req.headers.host ?? '127.0.0.1'}`), { method: 'POST', headers, body, duplex: 'half' } as ConstructorParameters<typeof NextRequest>[1])
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse, handler: (typeof INGESTION_POSTS)[string]) {
  try {
    const response = await handler(toRequest(req), { params: Promise.resolve({}) })
    const body = Buffer.from(await response.arrayBuffer())
    for (const { key, value } of FIXED_HEADERS) res.setHeader(key, value)
    response.headers.forEach((value, key) => res.setHeader(key, value))
    res.setHeader('content-length', body.byteLength)
    // Refused before its body was read (a 413 by Content-Length): the rest of the body would
    // arrive as the next request on this connection, so it cannot carry another.
    if (!req.complete) res.setHeader('connection', 'close')
    res.writeHead(response.status).end(body)
  } catch (e) {
    // The wrapper answers every error itself; this is the lane failing around it (logged there).
    const requestId = newRequestId()
    const { status, body } = toErrorPayload(e, requestId)
    if (res.headersSent) return void res.destroy()
    for (const { key, value } of FIXED_HEADERS) res.setHeader(key, value)
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-request-id': requestId }).end(JSON.stringify(body))
  }
}
