// Dashboard sessions: a random token in an HTTP-only cookie, stored server-side only as its
// SHA-256, so sign-out and disabling a user take effect at once, on every instance.
import { createHash, randomBytes } from 'node:crypto'
import type { Db } from '@/lib/db/client'
import type { Role } from '@/lib/schemas/enums'

export const SESSION_COOKIE = 'ic_session'
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000
// The expiry slides forward on use, written at most this often.
const REFRESH_AFTER_MS = 3600 * 1000

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export interface SessionUser {
  sessionId: string
  id: string
  name: string
  email: string
  role: Role
}

export async function createSession(db: Db, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS)
  await db.transaction((tx) => tx.session.create({ data: { id: hashToken(token), userId, expiresAt } }))
  return { token, expiresAt }
}

const live = (row: { expiresAt: Date; user: { disabledAt: Date | null } }, now: Date) => row.expiresAt > now && !row.user.disabledAt

/** Whether the session with this id still signs its user in (not ended, expired or disabled). */
export async function sessionStillLive(db: Db, sessionId: string, now = new Date()): Promise<boolean> {
  const row = await db.read.session.findUnique({ where: { id: sessionId }, select: { expiresAt: true, user: { select: { disabledAt: true } } } })
  return !!row && live(row, now)
}

export async function resolveSession(db: Db, token: string, now = new Date()): Promise<SessionUser | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null
  const id = hashToken(token)
  const row = await db.read.session.findUnique({
    where: { id },
    select: { expiresAt: true, lastSeenAt: true, user: { select: { id: true, name: true, email: true, role: true, disabledAt: true } } },
  })
  if (!row || !live(row, now)) return null
  if (now.getTime() - row.lastSeenAt.getTime() > REFRESH_AFTER_MS) {
    void db
      .transaction((tx) =>
        tx.session.updateMany({ where: { id }, data: { lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) } }),
      )
      .catch(() => {})
  }
  const { user } = row
  return { sessionId: id, id: user.id, name: user.name, email: user.email, role: user.role as Role }
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.transaction((tx) => tx.session.deleteMany({ where: { id: hashToken(token) } }))
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.transaction((tx) => tx.session.deleteMany({ where: { userId } }))
}
