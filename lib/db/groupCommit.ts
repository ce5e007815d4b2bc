// Group commit for SQLite's one writer. SQLite writes one transaction at a time, and in a storm a
// small write's own transaction (Prisma's interactive transaction, BEGIN, COMMIT writing its pages
// to the log) cost more than its statements. So writes that arrive while one transaction is being
// written are written together in the next. Should any of them fail, that transaction is rolled
// back and each of its writes runs again in a transaction of its own, so one write's failure is
// its own alone. (A savepoint per write would do the same in one pass, but SQLite keeps a
// savepoint's page images in a journal of their own, and that cost more than the commits saved.)
// A caller learns its outcome once its transaction has committed.
import type { Db, Tx } from './client'

type Write = (tx: Tx) => Promise<unknown>

/** Bounds how long one transaction holds the writer, and what one failure sends round again. */
const MAX_BATCH = 256

interface Waiting {
  write: Write
  done: (value: unknown) => void
  failed: (e: unknown) => void
}

class GroupCommit {
  private queue: Waiting[] = []
  private writing = false

  constructor(private readonly db: Db) {}

  run<T>(write: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((done, failed) => {
      this.queue.push({ write, done: done as (value: unknown) => void, failed })
      if (!this.writing) void this.drain()
    })
  }

  private async drain(): Promise<void> {
    this.writing = true
    while (this.queue.length) {
      // A request's whole write runs in promise callbacks, which finish before the server reads
      // another request. Yielding one turn of the event loop lets the requests already received
      // reach their writes and join this batch; without it every batch held one write.
      await new Promise((resolve) => setImmediate(resolve))
      const batch = this.queue.splice(0, MAX_BATCH)
      let values: unknown[] | null = null
      if (batch.length > 1) {
        values = await this.db
          .transaction(async (tx) => {
            const out: unknown[] = []
            for (const { write } of batch) out.push(await write(tx))
            return out
          })
          .catch(() => null)
      }
      if (values) batch.forEach((w, i) => w.done(values[i]))
      else for (const w of batch) await this.db.transaction(w.write).then(w.done, w.failed)
    }
    this.writing = false
  }
}

const groups = new WeakMap<Db, GroupCommit>()

/**
 * Runs `write` as a transaction, on SQLite together with the writes that arrive while the one
 * before is written. `write` may run twice (its batch failed), so it must not act outside `tx`
 * except to note what it wrote. On PostgreSQL, where transactions run side by side, it is
 * `db.transaction`.
 */
export function inGroupCommit<T>(db: Db, write: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.provider !== 'sqlite') return db.transaction(write)
  let group = groups.get(db)
  if (!group) groups.set(db, (group = new GroupCommit(db)))
  return group.run(write)
}
