import { route, methods } from '@/lib/api/route'
import { signIn } from '@/lib/api/signIn'
import { loginSchema } from '@/lib/schemas/common'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods(
  {
    POST: route({ scope: null, body: loginSchema }, async ({ db, req, body }) => {
      const { me, cookie } = await signIn(db, req, body)
      return { body: me, headers: { 'Set-Cookie': cookie } }
    }),
  },
  null,
)
