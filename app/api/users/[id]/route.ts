import { route, methods } from '@/lib/api/route'
import { updateUser } from '@/lib/directory/users'
import { updateUserSchema } from '@/lib/schemas/admin'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: route({ scope: 'admin', body: updateUserSchema }, async ({ db, params, body, principal }) => ({
    body: await updateUser(db, params.id, body, principal.id),
  })),
})
