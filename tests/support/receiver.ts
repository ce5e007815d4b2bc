// A webhook receiver on 127.0.0.1 for tests: records every request (headers and raw body) and
// answers what the test says, per path.
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  path: string
  headers: Record<string, string>
  body: string
  at: number
  /** When the answer went out (undefined until then, and for `hang`). */
  answeredAt?: number
}

/** How to answer one request: a status (and headers), or `hang` (never answer). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang'

export interface Receiver {
  url: (path: string) => string
  received: Received[]
  /** The requests to `path` so far. */
  at: (path: string) => Received[]
  /** Answers for `path`, used in order; the last one repeats. Default: 200. */
  answer: (path: string, ...answers: Answer[]) => void
  /** Resolves once `path` has had `count` requests (or rejects after `timeoutMs`). */
  waitFor: (path: string, count: number, timeoutMs?: number) => Promise<Received[]>
  close: () => Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = []
  const answers = new Map<string, Answer[]>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const path = req.url ?? '/'
      const got: Received = { path, headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() }
      received.push(got)
      const queue = answers.get(path) ?? []
      const answer = (queue.length > 1 ? queue.shift() : queue[0]) ?? { status: 200 }
      if (answer === 'hang') return
      setTimeout(() => {
        got.answeredAt = Date.now()
        res.writeHead(answer.status, answer.headers).end(answer.body ?? 'ok')
      }, answer.delayMs ?? 0)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  const at = (path: string) => received.filter((r) => r.path === path)
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    at,
    answer: (path, ...list) => void answers.set(path, list),
    waitFor: async (path, count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs
      while (at(path).length < count) {
        if (Date.now() > deadline) throw new Error(`${path}: ${at(path).length} of ${count} requests after ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 50))
      }
      return at(path)
    },
    close: () => {
      server.closeAllConnections()
      return new Promise((r) => server.close(() => r()))
    },
  }
}
