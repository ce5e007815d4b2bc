// Attempts are recorded in batches (a group commit): each finished attempt waits for the next
// transaction, and one transaction records every attempt that finished while the previous one ran.
// A busy worker so writes one transaction per batch instead of one per delivery, and an idle one
// still records each attempt at once.
import type { Db } from '@/lib/db/client'
import { recordAttempts, type FinishedAttempt } from './store/messages'

interface Waiting {
  finished: FinishedAttempt
  done: (recorded: boolean) => void
  failed: (e: unknown) => void
}

export class AttemptRecorder {
  private queue: Waiting[] = []
  private writing = false

  constructor(
    private readonly db: Db,
    private readonly disableAfterMs: number,
  ) {}

  /** Resolves once the attempt is committed: false if its lease had passed to another instance. */
  record(finished: FinishedAttempt): Promise<boolean> {
    return new Promise((done, failed) => {
      this.queue.push({ finished, done, failed })
      if (!this.writing) void this.write()
    })
  }

  private async write(): Promise<void> {
    this.writing = true
    // Attempts finishing in the same turn of the event loop join this batch.
    await new Promise((r) => setImmediate(r))
    while (this.queue.length) {
      const batch = this.queue
      this.queue = []
      try {
        const recorded = await recordAttempts(this.db, batch.map((w) => w.finished), this.disableAfterMs)
        batch.forEach((w, i) => w.done(recorded[i]!))
      } catch (e) {
        for (const w of batch) w.failed(e)
      }
    }
    this.writing = false
  }
}
