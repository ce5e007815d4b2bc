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
