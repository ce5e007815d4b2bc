import { AppError } from '@/lib/errors'
import type { Db } from './client'

/** Throws SERVICE_UNAVAILABLE unless the database answers a trivial query. */
export async function requireDatabaseAnswers(db: Db): Promise<void> {
  try {
    await db.read.$queryRawUnsafe('SELECT 1')
  } catch {
    throw new AppError('SERVICE_UNAVAILABLE', 'the database is not answering')
  }
}
