import { route, methods } from '@/lib/api/route'
import { createUser, listUsers } from '@/lib/directory/users'
import { createUserSchema } from '@/lib/schemas/admin'
import { hasScope } from '@/lib/schemas/scopes'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // Everyone who can read incidents sees who they can be assigned to; admins also see roles and
  // disabled accounts (the admin page).
  GET: route({ scope: 'incidents:read' }, async ({ db, principal, req }) => {
    const admin = hasScope(principal.scopes, 'admin')
    const all = admin && req.nextUrl.searchParams.get('include') === 'disabled'
    const users = await listUsers(db, { includeDisabled: all })
    return {
      body: { users: admin ? users : users.map(({ id, name, email }) => ({ id, name, email })) },
    }
  }),

  POST: route({ scope: 'admin', body: createUserSchema }, async ({ db, body }) => {
    const user = await createUser(db, body)
    return { status: 201, body: user, headers: { Location: `/api/users/${user.id}` } }
  }),
})
