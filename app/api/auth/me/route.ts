import { route, methods } from '@/lib/api/route'
import { meOf } from '@/lib/auth/me'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // Who the credential belongs to: the dashboard's user, or an API key's name and scopes.
  GET: route({ scope: 'authenticated' }, async ({ principal: p }) => ({
    body:
      p.kind === 'user'
        ? meOf(p)
        : { apiKey: { id: p.id, name: p.name }, scopes: p.scopes },
  })),
})
