// Reads a JSON request body: at most 64 KiB (counted as it streams, so a missing or false
// Content-Length does not help), within BODY_TIMEOUT_MS (a body sent a byte at a time would hold
// a connection and a request for minutes), JSON only, an object at the top.
import type { Readable } from 'node:stream'
import type { NextRequest } from 'next/server'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'

export const MAX_BODY_BYTES = 64 * 1024
/** Alert ingestion: an alert group can be large. */
export const MAX_EVENT_BODY_BYTES = 1024 * 1024

const tooLarge = (limit: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `the request body is larger than ${limit >= 1024 * 1024 ? `${limit / 1024 / 1024} MiB` : `${limit / 1024} KiB`}`)

/** Marks an error as the client's doing (it hung up mid-body): logged as that, at info, by route.ts. */
export class ClientClosedError extends AppError {
  constructor() {
    super('INVALID_REQUEST', 'the client closed the connection before the whole body arrived')
  }
}

/** Where a body's chunks come from: the request's web stream, or the socket's request itself. */
interface ChunkSource {
  read(): Promise<IteratorResult<Uint8Array>>
  /** Stops reading the body. */
  cancel(): void
}

const webSource = (body: ReadableStream<Uint8Array>): ChunkSource => {
  const reader = body.getReader()
  // Not awaited: a cancel waits for the pending read, which a stalled client never completes.
  return { read: () => reader.read() as Promise<IteratorResult<Uint8Array>>, cancel: () => void reader.cancel().catch(() => {}) }
}

const socketSource = (incoming: Readable): ChunkSource => {
  // Not destroyed when reading stops: the lane reads and drops the rest of a refused body, so its
  // client can read the answer (lib/server/apiLane.ts). The iterator's return() lets go of the
  // request once any pending read is over: for a stalled client, when its connection closes.
  const chunks = incoming.iterator({ destroyOnReturn: false }) as AsyncIterator<Uint8Array>
  return { read: () => chunks.next(), cancel: () => void chunks.return?.(undefined).catch(() => {}) }
}

/**
 * Requests the server's API lane builds without a body stream (lib/server/apiLane.ts): their body is
 * read from the socket's request, under the same limits, without a web stream on top of it.
 */
const socketBodies = new WeakMap<NextRequest, Readable>()
export const readBodyFromSocket = (req: NextRequest, incoming: Readable) => void socketBodies.set(req, incoming)

/** The next chunk, or REQUEST_TIMEOUT once `deadline` has passed, or ClientClosedError. */
async function nextChunk(source: ChunkSource, deadline: number) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('REQUEST_TIMEOUT', `the request body did not arrive within ${env().BODY_TIMEOUT_MS / 1000} s`)),
      Math.max(0, deadline - Date.now()),
    )
  })
  try {
    return await Promise.race([source.read(), late])
  } catch (e) {
    source.cancel()
    throw e instanceof AppError ? e : new ClientClosedError()
  } finally {
    clearTimeout(timer)
  }
}

/** Raw body text; 413 past `limit` bytes, 408 when it takes too long. */
export async function readBodyText(req: NextRequest, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  const incoming = socketBodies.get(req)
  const source = incoming ? socketSource(incoming) : req.body ? webSource(req.body) : null
  if (!source) return ''
  const deadline = Date.now() + env().BODY_TIMEOUT_MS
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await nextChunk(source, deadline)
    if (done) break
    size += value.byteLength
    if (size > limit) {
      source.cancel()
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    throw new AppError('INVALID_REQUEST', 'the request body is not valid UTF-8')
  }
}

/** The parsed JSON object; 400 for a wrong content type, malformed JSON or a non-object. */
export function parseJsonObject(req: NextRequest, text: string): Record<string, unknown> {
  const type = req.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? ''
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw new AppError('INVALID_REQUEST', 'send the body as JSON with "Content-Type: application/json"')
  }
  if (!text.trim()) throw new AppError('INVALID_REQUEST', 'the request body is empty; send a JSON object')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    // Only the position: the parser's own message quotes the body, which may hold a password.
    const at = /position (\d+)/.exec((e as Error).message)?.[1]
    throw new AppError('INVALID_REQUEST', `the request body is not valid JSON${at ? ` (error at position ${at})` : ''}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('INVALID_REQUEST', 'the request body must be a JSON object')
  }
  return value as Record<string, unknown>
}
