// The statements of one-click acknowledge links: who a link is for, and its single use, recorded
// as a row whose primary key is the link's message id (the database, not process memory, decides
// which of two simultaneous uses wins).
import type { Db } from '@/lib/db/client'
import { isUniqueViolation } from '@/lib/db/errors'

export const findLinkUser = (db: Db, id: string) =>
  db.read.user.findUnique({ where: { id }, select: { id: true, name: true, disabledAt: true } })

export const findUse = (db: Db, messageId: string) => db.read.ackLinkUse.findUnique({ where: { messageId } })

/** Records the use of a link; false when it was used already. */
export async function recordUse(db: Db, use: { messageId: string; incidentId: string; userId: string; usedAt: Date }): Promise<boolean> {
  try {
    await db.transaction((tx) => tx.ackLinkUse.create({ data: use }))
    return true
  } catch (e) {
    if (isUniqueViolation(e)) return false
    throw e
  }
}

/** Gives a use back (the acknowledge it was for did not happen). */
export async function forgetUse(db: Db, messageId: string): Promise<void> {
  await db.transaction((tx) => tx.ackLinkUse.deleteMany({ where: { messageId } }))
}
