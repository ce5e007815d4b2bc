import { AppError } from '@/lib/errors'
import { Prisma, type Db } from './client'
import { queryRows } from './statements'

const PING = Prisma.sql`SELECT 1 AS "one"`

// Checks that arrive while a ping is on its way share its answer: a ping per check put a database
// round trip on every load balancer's probe, the simplest request the app serves.
const inFlight = new WeakMap<Db, Promise<boolean>>()

function ping(db: Db): Promise<boolean> {
  let answer = inFlight.get(db)
  if (!answer) {
    answer = queryRows(db.read, PING).then(
      () => true,
      () => false,
    )
    inFlight.set(db, answer)
    void answer.finally(() => inFlight.delete(db))
  }
  return answer
}

/** Throws SERVICE_UNAVAILABLE unless the database answers a trivial query. */
export async function requireDatabaseAnswers(db: Db): Promise<void> {
  if (!(await ping(db))) throw new AppError('SERVICE_UNAVAILABLE', 'the database is not answering')
}
