import { z } from 'zod'
import { route, methods } from '@/lib/api/route'
import { clientAddress, isSameOrigin } from '@/lib/api/request'
import { sessionCookie } from '@/lib/api/cookies'
import { verifyPassword } from '@/lib/auth/passwords'
import { meOf } from '@/lib/auth/me'
import { startSignInAttempt } from '@/lib/auth/signInThrottle'
import { createSession } from '@/lib/auth/sessions'
import { AppError } from '@/lib/errors'
import type { Role } from '@/lib/schemas/enums'

export const dynamic = 'force-dynamic'

const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(1000),
})

// One answer for an unknown email, a wrong password and a disabled account.
const refused = () => new AppError('UNAUTHORIZED', 'email or password is incorrect')

export const { GET, POST, PUT, PATCH, DELETE } = methods(
  {
    POST: route({ scope: null, body: loginSchema }, async ({ db, req, body }) => {
      if (req.headers.get('origin') && !isSameOrigin(req)) throw new AppError('FORBIDDEN', 'cross-origin sign-in refused')
      const address = clientAddress(req)
      const attempt = await startSignInAttempt(body.email, address)
      const user = await db.read.user.findUnique({ where: { email: body.email } })
      const ok = await verifyPassword(body.password, user?.passwordHash)
      if (!user || !ok || user.disabledAt) throw refused()
      await attempt.succeeded()
      const { token, expiresAt } = await createSession(db, user.id)
      return {
        body: meOf({ ...user, role: user.role as Role }),
        headers: { 'Set-Cookie': sessionCookie(req, token, expiresAt) },
      }
    }),
  },
  null,
)
