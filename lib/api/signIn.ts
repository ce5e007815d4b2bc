// Signing in from the dashboard: same-origin only, limited per (account, address) and per address, and on
// success a server-side session in an HTTP-only cookie.
import type { NextRequest } from 'next/server'
import type { Db } from '@/lib/db/client'
import { checkCredentials } from '@/lib/auth/login'
import { meOf } from '@/lib/auth/me'
import { createSession } from '@/lib/auth/sessions'
import { startSignInAttempt } from '@/lib/auth/signInThrottle'
import { AppError } from '@/lib/errors'
import type { Me } from '@/lib/schemas/common'
import { sessionCookie } from './cookies'
import { clientAddress, isSameOrigin } from './request'

export async function signIn(db: Db, req: NextRequest, credentials: { email: string; password: string }): Promise<{ me: Me; cookie: string }> {
  if (req.headers.get('origin') && !isSameOrigin(req)) throw new AppError('FORBIDDEN', 'cross-origin sign-in refused')
  const address = clientAddress(req)
  // Counted before the password is hashed, so a burst checks no more passwords than the limit allows.
  const attempt = await startSignInAttempt(credentials.email, address)
  const user = await checkCredentials(db, credentials.email, credentials.password)
  if (!user) throw new AppError('UNAUTHORIZED', 'email or password is incorrect')
  await attempt.succeeded()
  const { token, expiresAt } = await createSession(db, user.id)
  return { me: meOf(user), cookie: sessionCookie(req, token, expiresAt) }
}
