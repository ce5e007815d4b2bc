// The notices connection's catching up (lib/db/notices.ts), on a stand-in for the pg client that
// answers when told: no answer without listening, one round trip for all who ask in a turn of the
// event loop, sent after they asked and after the trip on the wire is back, and a session that
// does not answer in time dropped. tests/system/notices-caught-up.test.ts shows against a real
// PostgreSQL that the answer comes after the notices committed before it.
import { EventEmitter } from 'node:events'
import type { Client } from 'pg'
import { expect, it, vi } from 'vitest'
import { CAUGHT_UP_STATEMENT, CAUGHT_UP_TIMEOUT_MS, postgresNotices } from '@/lib/db/notices'

/** A pg client that connects and LISTENs at once, and holds every other statement until `answer`. */
function standIn() {
  const sent: Array<{ sql: string; answer: () => void }> = []
  const client = Object.assign(new EventEmitter(), {
    connect: async () => {},
    end: async () => {},
    query: (sql: string) =>
      sql.startsWith('LISTEN') ? Promise.resolve() : new Promise<void>((answer) => sent.push({ sql, answer: () => answer() })),
  })
  return { client: client as unknown as Client, sent }
}

async function listeningNotices() {
  const { client, sent } = standIn()
  const notices = postgresNotices({}, () => client)
  let on = false
  notices.watch('keys', { notice: () => {}, listening: (l) => void (on = l) })
  await expect.poll(() => on).toBe(true)
  return { notices, sent, client }
}

it('is false while nothing listens', async () => {
  const notices = postgresNotices({}, () => standIn().client)
  expect(await notices.caughtUp()).toBe(false)
})

const turn = () => new Promise((resolve) => setImmediate(resolve))

it('those who ask in one turn of the event loop share a trip, sent after they all asked', async () => {
  const { notices, sent } = await listeningNotices()
  const asks = [notices.caughtUp(), notices.caughtUp(), notices.caughtUp()]
  expect(sent).toHaveLength(0)
  await turn()
  expect(sent.map((s) => s.sql)).toEqual([CAUGHT_UP_STATEMENT])
  sent[0].answer()
  expect(await Promise.all(asks)).toEqual([true, true, true])
})

it('those who ask while a trip is on the wire wait for the next one, which they share', async () => {
  const { notices, sent } = await listeningNotices()
  let firstDone = false
  const first = notices.caughtUp().then(() => (firstDone = true))
  await turn()
  expect(sent).toHaveLength(1)
  let laterDone = 0
  const later = [notices.caughtUp(), notices.caughtUp()].map((p) => p.then(() => laterDone++))
  await turn()
  await turn()
  // The trip on the wire was sent before they asked: theirs waits until it is back.
  expect(sent).toHaveLength(1)
  sent[0].answer()
  await first
  expect(firstDone).toBe(true)
  await expect.poll(() => sent.length).toBe(2)
  expect(laterDone).toBe(0)
  sent[1].answer()
  await Promise.all(later)
  expect(laterDone).toBe(2)
  expect(sent).toHaveLength(2)
})

it('is false when the connection is lost during the trip', async () => {
  const { notices, sent, client } = await listeningNotices()
  const ask = notices.caughtUp()
  await turn()
  client.emit('end')
  sent[0].answer()
  expect(await ask).toBe(false)
  await notices.close()
})

it('gives up on a session that does not answer in time, drops the connection and listens again', async () => {
  vi.useFakeTimers()
  try {
    const { client, sent } = standIn()
    const connections: Client[] = []
    const notices = postgresNotices({}, () => (connections.push(client), client))
    const heard: boolean[] = []
    notices.watch('keys', { notice: () => {}, listening: (on) => void heard.push(on) })
    await vi.waitFor(() => expect(heard).toEqual([true]))
    const ask = notices.caughtUp()
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(CAUGHT_UP_TIMEOUT_MS)
    expect(await ask).toBe(false)
    expect(heard).toEqual([true, false])
    // Not listening: nothing is answered from memory, and nothing waits for the dead session.
    expect(await notices.caughtUp()).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    expect(connections).toHaveLength(2)
    expect(heard).toEqual([true, false, true])
    await notices.close()
  } finally {
    vi.useRealTimers()
  }
})
