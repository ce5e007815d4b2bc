// The API lane: the API's writes — the three ingestion POSTs, creating, changing and bulk-changing
// incidents, adding notes — are served here, in the server process before Next sees them, by the
// very handlers Next would run (declared once in lib/api/endpoints/: the same wrapper, credential,
// limits, validation and error shapes).
// Next's own handling of a request (routing, its request and response objects, the streams between
// them) cost more than a whole create or alert fold on the database: with it, the app's writes
// per second were bounded by the framework (docs/performance.md, "Alert storm" and "Notifications
// out"). Everything else — reads, pages, any other method on these paths (405 with Allow from the
// methods() table) — goes on to Next.
import type http from 'node:http'
import { NextRequest } from 'next/server'
import { API_HEADERS, SECURITY_HEADERS } from '@/lib/securityHeaders.mjs'
import { readBodyFromSocket } from '@/lib/api/body'
import { toErrorPayload } from '@/lib/api/errors'
import { PEER_HEADER, newRequestId } from '@/lib/api/request'
import { matchLane, type LaneHandler } from './laneRoutes'
import { dropRestOfBody } from './restOfBody'

/** The headers next.config.mjs gives every /api answer. */
const FIXED_HEADERS = [...SECURITY_HEADERS, ...API_HEADERS]

/** Serves `req` when the lane has its method and path; false for anything else (Next serves it). */
export function serveApiLane(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!req.method || !req.url) return false
  const found = matchLane(req.method, req.url)
  if (!found) return false
  void answer(req, res, found.handler, found.params)
  return true
}

function toRequest(req: http.IncomingMessage): NextRequest {
  // The headers as sent, but the peer address only as the gate stamped it (lib/api/request.ts):
  // the client's own header of that name is dropped, or it could pose as any address.
  const headers: [string, string][] = []
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() !== PEER_HEADER) headers.push([raw[i], raw[i + 1]])
  const peer = req.headers[PEER_HEADER]
  if (typeof peer === 'string') headers.push([PEER_HEADER, peer])
  // No body stream: the wrapper reads the body from `req` itself, under the same limits.
  const request = new NextRequest(new URL(req.url!, `http://${req.headers.host ?? '127.0.0.1'}`), { method: req.method, headers })
  readBodyFromSocket(request, req)
  return request
}

async function answer(req: http.IncomingMessage, res: http.ServerResponse, handler: LaneHandler, params: Record<string, string>) {
  try {
    const reply = await handler.serve(toRequest(req), { params: Promise.resolve(params) })
    // The wrapper's JSON text goes to the socket as it is; only a handler's own Response is read back.
    const { status, headers, body } =
      reply instanceof Response ? { status: reply.status, headers: reply.headers, body: Buffer.from(await reply.arrayBuffer()) } : { ...reply, body: reply.body ?? '' }
    for (const { key, value } of FIXED_HEADERS) res.setHeader(key, value)
    headers.forEach((value, key) => res.setHeader(key, value))
    res.setHeader('content-length', Buffer.byteLength(body))
    if (!req.complete && headers.get('connection') !== 'close') dropRestOfBody(req)
    res.writeHead(status).end(body)
  } catch (e) {
    // The wrapper answers every error itself; this is the lane failing around it (logged there).
    const requestId = newRequestId()
    const { status, body } = toErrorPayload(e, requestId)
    if (res.headersSent) return void res.destroy()
    if (!req.complete) dropRestOfBody(req)
    for (const { key, value } of FIXED_HEADERS) res.setHeader(key, value)
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-request-id': requestId }).end(JSON.stringify(body))
  }
}
