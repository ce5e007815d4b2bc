import { route, methods } from '@/lib/api/route'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // Who the credential belongs to: the dashboard's user, or an API key's name and scopes.
  GET: route({ scope: 'authenticated' }, async ({ principal: p }) => ({
    body:
      p.kind === 'user'
        ? { user: { id: p.id, name: p.name, email: p.email, role: p.role }, scopes: p.scopes }
        : { apiKey: { id: p.id, name: p.name }, scopes: p.scopes },
  })),
})
