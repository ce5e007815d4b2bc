// One delivery attempt against a real receiver on 127.0.0.1: the address rule before connecting
// (literal and after DNS), the timeout, no redirect followed, the answer read up to 1 KiB, and
// connections kept for the next attempt.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { post } from '@/lib/notify/deliver'
import { startReceiver, type Receiver } from '../support/receiver'

let receiver: Receiver
beforeAll(async () => {
  receiver = await startReceiver()
})
afterAll(() => receiver?.close())

describe('an attempt', () => {
  it('refuses a loopback address, as a literal and as a name resolved by DNS', async () => {
    const literal = await post(receiver.url('/private'), '{}', {}, { allowPrivate: false })
    expect(literal).toMatchObject({ status: null, error: expect.stringMatching(/^refused/) })
    const named = await post(receiver.url('/private').replace('127.0.0.1', 'localhost'), '{}', {}, { allowPrivate: false })
    expect(named).toMatchObject({ status: null, error: expect.stringMatching(/^refused/) })
    expect(receiver.at('/private')).toHaveLength(0)
    const allowed = await post(receiver.url('/private'), '{}', {}, { allowPrivate: true })
    expect(allowed.status).toBe(200)
  })

  it('gives up after its timeout', async () => {
    receiver.answer('/slow', 'hang')
    const r = await post(receiver.url('/slow'), '{}', {}, { allowPrivate: true, timeoutMs: 300 })
    expect(r).toMatchObject({ status: null, error: expect.stringMatching(/timeout/) })
    expect(r.durationMs).toBeGreaterThanOrEqual(290)
    expect(r.durationMs).toBeLessThan(2_000)
  })

  it('does not follow a redirect and keeps 1 KiB of the answer', async () => {
    receiver.answer('/moved', { status: 307, headers: { location: receiver.url('/target') }, body: 'y'.repeat(100_000) })
    const r = await post(receiver.url('/moved'), '{}', {}, { allowPrivate: true })
    expect(r.status).toBe(307)
    expect(r.response).toBe('y'.repeat(1024))
    expect(receiver.at('/target')).toHaveLength(0)
  })

  it('reports a refused connection as no answer', async () => {
    const r = await post('http://127.0.0.1:1/', '{}', {}, { allowPrivate: true })
    expect(r).toMatchObject({ status: null })
    expect(r.error).toBeTruthy()
  })
})

describe('connections between attempts', () => {
  async function countingServer(keepAliveTimeout: number) {
    let connections = 0
    const server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => res.end('ok'))
    })
    server.keepAliveTimeout = keepAliveTimeout
    server.on('connection', () => connections++)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as AddressInfo).port
    return {
      url: (host = '127.0.0.1') => `http://${host}:${port}/hook`,
      connections: () => connections,
      close: () => {
        server.closeAllConnections()
        return new Promise<void>((r) => server.close(() => r()))
      },
    }
  }

  /** Runs `check` against a fresh counting server, closed afterwards whatever happens. */
  async function withServer(keepAliveTimeout: number, check: (server: Awaited<ReturnType<typeof countingServer>>) => Promise<void>) {
    const server = await countingServer(keepAliveTimeout)
    try {
      await check(server)
    } finally {
      await server.close()
    }
  }

  it('carries the next attempt to the same endpoint on the connection the last one used', () =>
    withServer(5_000, async (server) => {
      for (let i = 0; i < 5; i++) expect((await post(server.url(), '{}', {}, { allowPrivate: true })).status).toBe(200)
      expect(server.connections()).toBe(1)
    }))

  it('opens a new one when the server has dropped the kept one, and the attempt still arrives', () =>
    withServer(50, async (server) => {
      expect((await post(server.url(), '{}', {}, { allowPrivate: true })).status).toBe(200)
      await new Promise((r) => setTimeout(r, 200))
      const again = await post(server.url(), '{}', {}, { allowPrivate: true })
      expect(again).toMatchObject({ status: 200, error: null })
      expect(server.connections()).toBe(2)
    }))

  it('never hands a connection opened without the address rule to an attempt that must follow it', () =>
    withServer(5_000, async (server) => {
      expect((await post(server.url('localhost'), '{}', {}, { allowPrivate: true })).status).toBe(200)
      const guarded = await post(server.url('localhost'), '{}', {}, { allowPrivate: false })
      expect(guarded).toMatchObject({ status: null, error: expect.stringMatching(/^refused/) })
      expect(server.connections()).toBe(1)
    }))
})
