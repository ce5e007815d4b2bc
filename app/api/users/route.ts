import { route, methods } from '@/lib/api/route'
import { createUser, usersVisibleTo } from '@/lib/directory/users'
import { createUserSchema } from '@/lib/schemas/admin'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db, principal, req }) => ({
    body: { users: await usersVisibleTo(db, principal.scopes, { includeDisabled: req.nextUrl.searchParams.get('include') === 'disabled' }) },
  })),

  POST: route({ scope: 'admin', body: createUserSchema }, async ({ db, body }) => {
    const user = await createUser(db, body)
    return { status: 201, body: user, headers: { Location: `/api/users/${user.id}` } }
  }),
})
