import { route, methods } from '@/lib/api/route'
import { clearedSessionCookie } from '@/lib/api/cookies'
import { SESSION_COOKIE, deleteSession } from '@/lib/auth/sessions'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({ scope: 'authenticated' }, async ({ db, req }) => {
    const token = req.cookies.get(SESSION_COOKIE)?.value
    if (token) await deleteSession(db, token)
    return { status: 204, headers: { 'Set-Cookie': clearedSessionCookie(req) } }
  }),
})
