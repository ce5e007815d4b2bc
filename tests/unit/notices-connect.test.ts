// The notices connection (lib/db/notices.ts) gives up on a database that accepts the connection
// but never answers, within DATABASE_CONNECT_TIMEOUT_MS, and tries again: a silent host must not
// keep an instance deaf to key changes (so keeping no keys in memory) for minutes.
import net from 'node:net'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { keyCacheOf } from '@/lib/auth/keyCache'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'

vi.stubEnv('DATABASE_CONNECT_TIMEOUT_MS', '300')

let silent: net.Server
const sockets: net.Socket[] = []
let db: Db

beforeAll(async () => {
  silent = net.createServer((s) => void sockets.push(s.on('error', () => {})))
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
  const { port } = silent.address() as net.AddressInfo
  db = await createDb(resolveDatabaseUrl(`postgresql://app:secret@127.0.0.1:${port}/incidents`))
})
afterAll(async () => {
  await db?.close()
  for (const s of sockets) s.destroy()
  await new Promise((r) => silent.close(r))
})

it('a database that never answers is given up on within the connect timeout, and tried again', async () => {
  keyCacheOf(db)
  // 300 ms to give up, then the first retry 500 ms later.
  await vi.waitFor(() => expect(sockets.length).toBeGreaterThanOrEqual(2), { timeout: 3_000, interval: 50 })
})
