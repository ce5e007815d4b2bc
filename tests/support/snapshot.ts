// Reads that must see the database at one moment. The server's sweeps (a snooze waking, a step
// firing) write while tests run, and under PostgreSQL's default READ COMMITTED every statement of
// a transaction sees what was committed before it began, so a change committed between two reads
// would show as a difference that never existed. REPEATABLE READ gives the whole transaction the
// first statement's snapshot; SQLite's transactions already read one snapshot.
import type { Db, Tx } from '@/lib/db/client'

export function readSnapshot<T>(db: Db, read: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    if (db.provider === 'postgresql') await tx.$executeRaw`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ`
    return read(tx)
  })
}
