// The rest of a body the server answered before it arrived, read and dropped.
import type http from 'node:http'
import { finished } from 'node:stream'
import { env } from '@/lib/env'

/**
 * For a request answered before its whole body arrived: refused by its Content-Length or over the
 * limit (413), refused before its body was read (401, 429, …), or by its method (405). The rest is
 * read and dropped, for at most BODY_TIMEOUT_MS, and the connection then serves on (Node's parser
 * frames the body, by its length or its chunks, so the rest cannot pass for a next request).
 * Closing at once instead, this host resets the connection when the rest arrives, and a client
 * that writes its whole body before it reads (fetch, most HTTP libraries) gets that reset and
 * never its answer. Not for an answer that closes the connection: a 408's client is dribbling its
 * body (lib/api/route.ts).
 */
export function dropRestOfBody(req: http.IncomingMessage): void {
  const socket = req.socket
  req.resume()
  const timer = setTimeout(() => socket.destroy(), env().BODY_TIMEOUT_MS)
  finished(req, () => clearTimeout(timer))
}
