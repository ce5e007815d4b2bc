// The group commit's batching, against a stand-in database that records its transactions (the
// real one on SQLite is exercised over HTTP in tests/api/events.test.ts).
import { describe, expect, it } from 'vitest'
import type { Db, Tx } from '@/lib/db/client'
import { inGroupCommit } from '@/lib/db/groupCommit'

/** A database whose transactions record which writes ran in them; a write marked `fails` throws. */
function recordingDb(provider: Db['provider'] = 'sqlite') {
  const transactions: number[][] = []
  let current: number[] | null = null
  const db = {
    provider,
    transaction: async <T,>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
      const ran: number[] = []
      current = ran
      try {
        return await fn({} as Tx)
      } finally {
        transactions.push(ran)
        current = null
      }
    },
  } as unknown as Db
  const write = (n: number, fails = false) => async () => {
    current!.push(n)
    if (fails) throw new Error(`write ${n} failed`)
    return n * 10
  }
  return { db, transactions, write }
}

/** Starts each write from its own callback of the event loop, as requests read off sockets are. */
const fromSeparateCallbacks = <T,>(starts: (() => Promise<T>)[]) =>
  Promise.allSettled(starts.map((start) => new Promise<T>((resolve, reject) => setImmediate(() => start().then(resolve, reject)))))

describe('inGroupCommit', () => {
  it('writes started from separate callbacks share one transaction, each caller gets its own value', async () => {
    const { db, transactions, write } = recordingDb()
    const settled = await fromSeparateCallbacks(Array.from({ length: 10 }, (_, n) => () => inGroupCommit(db, write(n))))
    expect(settled.map((s) => s.status === 'fulfilled' && s.value)).toEqual(Array.from({ length: 10 }, (_, n) => n * 10))
    expect(transactions).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]])
  })

  it('one failing write fails alone: its batch runs again, each write in its own transaction', async () => {
    const { db, transactions, write } = recordingDb()
    const settled = await fromSeparateCallbacks([0, 1, 2].map((n) => () => inGroupCommit(db, write(n, n === 1))))
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ message: 'write 1 failed' })
    expect(transactions).toEqual([[0, 1], [0], [1], [2]])
  })

  it('holds at most 256 writes in one transaction', async () => {
    const { db, transactions, write } = recordingDb()
    await Promise.all(Array.from({ length: 300 }, (_, n) => inGroupCommit(db, write(n))))
    expect(transactions.map((t) => t.length)).toEqual([256, 44])
  })

  it('on PostgreSQL each write is a transaction of its own', async () => {
    const { db, transactions, write } = recordingDb('postgresql')
    await fromSeparateCallbacks([0, 1, 2].map((n) => () => inGroupCommit(db, write(n))))
    expect(transactions).toEqual([[0], [1], [2]])
  })
})
