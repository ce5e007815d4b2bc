// A request written byte for byte onto a socket, and its answer: for what fetch and node:http
// refuse to send (TRACE, CONNECT, unknown methods, undecodable paths, control characters) or to
// hold a body open half-sent.
import net from 'node:net'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
  /** Milliseconds from sending to the server closing the connection (or the answer ending). */
  ms: number
}

function parseAnswer(text: string, ms: number): RawAnswer {
  const split = text.indexOf('\r\n\r\n')
  const [statusLine, ...lines] = text.slice(0, split === -1 ? text.length : split).split('\r\n')
  const headers: Record<string, string> = {}
  for (const l of lines) {
    const i = l.indexOf(':')
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim()
  }
  const raw = split === -1 ? '' : text.slice(split + 4)
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: headers['transfer-encoding'] === 'chunked' ? unchunk(raw) : raw, ms }
}

function unchunk(raw: string): string {
  let out = ''
  let at = 0
  for (;;) {
    const eol = raw.indexOf('\r\n', at)
    if (eol === -1) return out
    const size = parseInt(raw.slice(at, eol), 16)
    if (!size) return out
    out += raw.slice(eol + 2, eol + 2 + size)
    at = eol + 2 + size + 2
  }
}

/**
 * Sends `head` (request line and headers, without the blank line) and `body` with Connection:
 * close; resolves when the server closes. The socket is never half-closed (a page render takes
 * that as the client leaving), so a body shorter than its Content-Length stays pending, as from a
 * client still sending it.
 */
export function rawRequest(port: number, head: string, opts: { body?: string; timeout?: number; host?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const socket = net.connect(port, '127.0.0.1')
    let text = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${opts.timeout ?? 15_000} ms; got so far: ${text.slice(0, 200)}`))
    }, opts.timeout ?? 15_000)
    socket.setEncoding('latin1')
    socket.on('data', (d) => (text += d))
    socket.on('error', () => {})
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(parseAnswer(text, performance.now() - started))
    })
    socket.write(`${head}\r\nHost: ${opts.host ?? `127.0.0.1:${port}`}\r\nConnection: close\r\n\r\n${opts.body ?? ''}`, 'latin1')
  })
}

export interface WholeBodyOutcome {
  /** Every answer on the connection, in order. */
  answers: RawAnswer[]
  /** The socket error the client met while writing or reading (EPIPE, ECONNRESET), if any. */
  socketError?: string
  /** Milliseconds from connecting to the server closing the connection. */
  ms: number
}

/** Splits a connection's text into its answers, each framed by its Content-Length. */
function splitAnswers(text: string, ms: number): RawAnswer[] {
  const answers: RawAnswer[] = []
  for (let head = text.indexOf('\r\n\r\n'); head !== -1; head = text.indexOf('\r\n\r\n')) {
    const answer = parseAnswer(text, ms)
    const end = head + 4 + Number(answer.headers['content-length'] ?? text.length)
    answers.push({ ...answer, body: text.slice(head + 4, end) })
    text = text.slice(end)
  }
  return answers
}

/**
 * As most HTTP clients do, writes the whole body before reading anything: `head`, then `bodyBytes`
 * bytes in 16 KiB pieces a few milliseconds apart (so the server may answer before the body is
 * in), by Content-Length or, with `chunked`, in chunks; then, on the same connection, a GET of
 * the path `next` with Connection: close. `stallAfter`: stops writing after that many bytes of
 * body instead. Resolves when the server closes the connection.
 */
export function sendWholeBody(
  port: number,
  head: string,
  opts: { bodyBytes: number; chunked?: boolean; next: string; stallAfter?: number; timeout?: number },
): Promise<WholeBodyOutcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true })
    let text = ''
    let socketError: string | undefined
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`the server did not close within ${opts.timeout ?? 15_000} ms; got so far: ${text.slice(0, 200)}`))
    }, opts.timeout ?? 15_000)
    socket.setEncoding('latin1')
    socket.on('data', (d) => (text += d))
    socket.on('error', (e: NodeJS.ErrnoException) => (socketError ??= e.code ?? e.message))
    // Half-open only while writing: once the server has closed its side, so does the client.
    socket.on('end', () => socket.end())
    socket.on('close', () => {
      clearTimeout(timer)
      const ms = performance.now() - started
      resolve({ answers: splitAnswers(text, ms), socketError, ms })
    })
    socket.on('connect', async () => {
      const framing = opts.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${opts.bodyBytes}`
      socket.write(`${head}\r\nHost: 127.0.0.1:${port}\r\n${framing}\r\n\r\n`)
      const piece = 16 * 1024
      for (let sent = 0; sent < opts.bodyBytes; sent += piece) {
        if (socket.destroyed || socketError) return
        if (opts.stallAfter !== undefined && sent >= opts.stallAfter) return
        const bytes = 'a'.repeat(Math.min(piece, opts.bodyBytes - sent))
        socket.write(opts.chunked ? `${bytes.length.toString(16)}\r\n${bytes}\r\n` : bytes)
        await new Promise((r) => setTimeout(r, 2))
      }
      if (opts.chunked) socket.write('0\r\n\r\n')
      socket.write(`GET ${opts.next} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)
    })
  })
}
