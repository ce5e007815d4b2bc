// The one wrapper every /api handler goes through. A handler declares its scope and zod schemas;
// this does the rest, in the contract's order of precedence: request id → credential (401) →
// rate limit (429) → scope (403) → body size (413) → JSON (400) → shape (422) → handler, whose
// domain errors map to the contract's one error shape. One log line per request, no secrets.
// Alert ingestion (scope `events:write`) keeps the contract's other order for those routes: body
// size (413) → JSON (400) → credential (401/403, a Bearer header before the body's key) → events
// budget (429, or 503 where the senders retry only 5xx) → shape (422).
import type { NextRequest } from 'next/server'
import type { z } from 'zod'
import { getDb, type Db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { hasScope, isIntegration, type Scope } from '@/lib/schemas/scopes'
import { log } from '@/lib/log'
import { ClientClosedError, MAX_EVENT_BODY_BYTES, parseJsonObject, readBodyText } from './body'
import { toErrorPayload, type ErrorPayload } from './errors'
import { authenticate, principalKey, type Principal } from './principal'
import { RateLimitedError, consume, type LimitState } from './rateLimit'
import { newRequestId } from './request'
import { refuseNulInPath, storableText } from './text'
import { toValidationError } from './validation'

type Schema = z.ZodType | undefined
type Out<S> = S extends z.ZodType ? z.output<S> : undefined

/** `null`: anyone may call (health, sign-in). `'authenticated'`: any valid credential, no scope. */
export type Access = Scope | 'authenticated' | null

export interface RouteOptions<A extends Access, Q extends Schema, B extends Schema> {
  scope: A
  query?: Q
  body?: B
  /** Ingestion routes only (scope `events:write`). */
  ingest?: IngestOptions
}

export interface IngestOptions {
  /** A body field that may carry the integration key when no Authorization header does. */
  keyInBody?: string
  /** The status over the events budget: 503 for senders that drop an alert on a 429. */
  overBudget?: 429 | 503
  /** Extra fields on every error body (PagerDuty clients log `status`, `message`, `errors`). */
  errorBody?: (payload: ErrorPayload) => Record<string, unknown>
}

export interface RouteContext<A extends Access, Q extends Schema, B extends Schema> {
  req: NextRequest
  params: Record<string, string>
  query: Out<Q>
  body: Out<B>
  principal: A extends null ? null : Principal
  db: Db
  requestId: string
}

/** What a handler returns: a ready Response, or a status, a JSON body and extra headers. */
export type RouteResult = Response | { status?: number; body?: unknown; headers?: Record<string, string> }

type RouteParams = { params: Promise<Record<string, string | string[]>> }

/**
 * The wrapper's answer before it is a Response: the handler's own Response, or a status, headers
 * and a JSON text. Next's handlers turn it into a Response; the server's API lane writes it to the
 * socket as it is (lib/server/apiLane.ts), without a Response's body stream to build and read back.
 */
export type Reply = Response | { status: number; headers: Headers; body: string | null }

/** A route file's export, as Next calls it. */
export type NextHandler = (req: NextRequest, ctx: RouteParams) => Promise<Response>

/** A handler made by route(), with `serve`: the same handling, up to its Reply. */
export type RoutedHandler = NextHandler & { serve: (req: NextRequest, ctx: RouteParams) => Promise<Reply> }

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function json(status: number, body: unknown, headers: Headers): Reply {
  if (body === undefined) return { status, headers, body: null }
  headers.set('content-type', 'application/json; charset=utf-8')
  return { status, headers, body: JSON.stringify(body) }
}

const toResponse = (reply: Reply): Response =>
  reply instanceof Response ? reply : new Response(reply.body, { status: reply.status, headers: reply.headers })

function limitHeaders(headers: Headers, s: LimitState) {
  headers.set('RateLimit-Limit', String(s.limit))
  headers.set('RateLimit-Remaining', String(s.remaining))
  headers.set('RateLimit-Reset', String(s.resetSeconds))
}

function parseQuery(req: NextRequest, schema: z.ZodType) {
  const raw: Record<string, string> = {}
  // The first value of a repeated parameter wins; unknown parameters are ignored by the schema.
  for (const [k, v] of req.nextUrl.searchParams) if (!(k in raw)) raw[k] = v
  const r = schema.safeParse(raw)
  if (!r.success) throw toValidationError(r.error, 'query')
  return storableText(r.data)
}

export function route<A extends Access, Q extends Schema = undefined, B extends Schema = undefined>(
  options: RouteOptions<A, Q, B>,
  handler: (ctx: RouteContext<A, Q, B>) => Promise<RouteResult>,
): RoutedHandler {
  const serve = async (req: NextRequest, routeCtx: RouteParams): Promise<Reply> => {
    const started = performance.now()
    const requestId = newRequestId()
    const headers = new Headers({ 'X-Request-Id': requestId, 'Cache-Control': 'no-store' })
    let principal: Principal | null = null
    let status = 500
    let clientClosed = false
    const finish = (result: RouteResult): Reply => {
      if (result instanceof Response) {
        headers.forEach((v, k) => result.headers.has(k) || result.headers.set(k, v))
        status = result.status
        return result
      }
      for (const [k, v] of Object.entries(result.headers ?? {})) headers.set(k, v)
      status = result.status ?? 200
      return json(status, result.body, headers)
    }
    try {
      const db = await getDb()
      if (options.scope === 'events:write') {
        const ingested = await ingestPrelude(req, db, options.ingest ?? {}, headers)
        principal = ingested.principal
        const parsed = options.body?.safeParse(ingested.raw)
        if (parsed && !parsed.success) throw toValidationError(parsed.error, 'body')
        return await finish(await handler({
          req,
          params: {},
          query: undefined as Out<Q>,
          body: (parsed ? storableText(parsed.data) : undefined) as Out<B>,
          principal: principal as RouteContext<A, Q, B>['principal'],
          db,
          requestId,
        }))
      }
      if (options.scope !== null) {
        principal = await authenticate(req, db, undefined, !READ_METHODS.has(req.method))
        // An integration pages in and does nothing else.
        if (principal.kind === 'apiKey' && isIntegration(principal.scopes, principal.serviceId)) {
          throw new AppError('FORBIDDEN', 'an integration key is accepted only by the event ingestion endpoints')
        }
        // Every request a credential makes counts, whatever its answer (a 403 or a 405 too), so
        // the 429 comes right after the 401: past its limit a credential learns nothing more.
        const limit = await consume(READ_METHODS.has(req.method) ? 'read' : 'write', principalKey(principal))
        if (limit) limitHeaders(headers, limit)
        if (options.scope !== 'authenticated' && !hasScope(principal.scopes, options.scope)) {
          throw new AppError('FORBIDDEN', `this credential lacks the "${options.scope}" scope`)
        }
      }
      let body: unknown
      if (options.body) {
        const text = await readBodyText(req)
        const parsed = options.body.safeParse(parseJsonObject(req, text))
        if (!parsed.success) throw toValidationError(parsed.error, 'body')
        body = storableText(parsed.data)
      }
      const query = options.query ? parseQuery(req, options.query) : undefined
      const rawParams = (await routeCtx?.params) ?? {}
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]))
      refuseNulInPath(params)

      return await finish(await handler({
        req,
        params,
        query: query as Out<Q>,
        body: body as Out<B>,
        principal: principal as RouteContext<A, Q, B>['principal'],
        db,
        requestId,
      }))
    } catch (e) {
      const payload = toErrorPayload(e, requestId)
      let s = payload.status
      if (s === 429 && options.ingest?.overBudget === 503) s = 503
      const body = options.ingest?.errorBody ? options.ingest.errorBody(payload.body) : payload.body
      status = s
      clientClosed = e instanceof ClientClosedError
      // A body that never finished leaves the connection mid-request: it cannot carry another.
      if (s === 408) headers.set('Connection', 'close')
      if (e instanceof RateLimitedError) {
        limitHeaders(headers, e.state)
        headers.set('Retry-After', String(e.state.retryAfter))
      }
      if (s === 401) headers.set('WWW-Authenticate', 'Bearer realm="incident-console"')
      if (s === 405 && e instanceof MethodNotAllowed) headers.set('Allow', e.allow)
      return json(s, body, headers)
    } finally {
      log('info', 'request', {
        requestId,
        method: req.method,
        // The path only: a query string could carry something a client should not have sent.
        path: req.nextUrl.pathname,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        principal: principal ? principalKey(principal) : undefined,
        clientClosed: clientClosed || undefined,
      })
    }
  }
  return Object.assign(async (req: NextRequest, routeCtx: RouteParams) => toResponse(await serve(req, routeCtx)), { serve })
}

/** An ingestion request up to its shape check: the raw body and the integration that sent it. */
async function ingestPrelude(req: NextRequest, db: Db, opts: IngestOptions, headers: Headers): Promise<{ raw: Record<string, unknown>; principal: Principal }> {
  const raw = parseJsonObject(req, await readBodyText(req, MAX_EVENT_BODY_BYTES))
  const inBody = opts.keyInBody ? raw[opts.keyInBody] : undefined
  const principal = await authenticate(req, db, typeof inBody === 'string' ? inBody : undefined, true)
  const limit = await consume('events', principalKey(principal))
  if (limit) limitHeaders(headers, limit)
  if (principal.kind !== 'apiKey' || !isIntegration(principal.scopes, principal.serviceId)) {
    throw new AppError('FORBIDDEN', 'only an integration key (events:write, bound to a service) may send events')
  }
  return { raw, principal }
}

class MethodNotAllowed extends AppError {
  constructor(readonly allow: string) {
    super('METHOD_NOT_ALLOWED', `this endpoint accepts ${allow}`)
  }
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const
type Method = (typeof ALL_METHODS)[number]

/**
 * A route's handlers plus 405s (with Allow) for every method it does not serve, so no request
 * gets Next's bare default. The 405 comes after authentication, as the contract orders it.
 *   export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: …, POST: … })
 */
export function methods(handlers: Partial<Record<Method, NextHandler>>, access: Access = 'authenticated'): Record<Method, NextHandler> {
  const allow = ALL_METHODS.filter((m) => handlers[m]).join(', ')
  const refuse = route({ scope: access }, async () => {
    throw new MethodNotAllowed(allow)
  })
  return Object.fromEntries(ALL_METHODS.map((m) => [m, handlers[m] ?? refuse])) as Record<Method, NextHandler>
}
