import { route, methods } from '@/lib/api/route'
import { updateUser } from '@/lib/directory/users'
import { updateUserSchema } from '@/lib/schemas/admin'
import { AppError } from '@/lib/errors'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: route({ scope: 'admin', body: updateUserSchema }, async ({ db, params, body, principal }) => {
    // An admin cannot lock themselves out (and with them, possibly, the last admin).
    if (params.id === principal.id && (body.disabled || (body.role && body.role !== 'admin'))) {
      throw new AppError('CONFLICT', 'you cannot disable yourself or remove your own admin role')
    }
    return { body: await updateUser(db, params.id, body) }
  }),
})
