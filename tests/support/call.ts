// One request over node:http to a running app, so a test can choose the source address (any
// 127.x is loopback), send any method and read every header as sent.
import http from 'node:http'
import type { RunningApp } from './app'

export interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: any
}

/** One request over node:http, so the test can choose the source address (any 127.x is loopback). */
export function call(
  app: RunningApp,
  method: string,
  path: string,
  opts: { key?: string; cookie?: string; body?: unknown; raw?: string; headers?: Record<string, string>; from?: string } = {},
): Promise<Answer> {
  const payload = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body))
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.key) headers.authorization = `Bearer ${opts.key}`
  if (opts.cookie) headers.cookie = opts.cookie
  if (payload) headers['content-type'] = 'application/json'
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: app.port, method, path, headers, localAddress: opts.from ?? '127.0.0.1', agent: false },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d) => (text += d))
        res.on('end', () => {
          let body: unknown
          try {
            body = text ? JSON.parse(text) : undefined
          } catch {
            body = text
          }
          resolve({ status: res.statusCode!, headers: res.headers, body })
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}
