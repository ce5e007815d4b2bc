import { route, methods } from '@/lib/api/route'
import { createApiKey, listApiKeys } from '@/lib/auth/apiKeys'
import { createKeySchema } from '@/lib/schemas/admin'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'admin' }, async ({ db }) => ({ body: { keys: await listApiKeys(db) } })),

  // The key's secret is in this one answer and nowhere else, ever.
  POST: route({ scope: 'admin', body: createKeySchema }, async ({ db, body, principal }) => {
    const created = await createApiKey(db, body, principal.kind === 'user' ? principal.id : null)
    return { status: 201, body: created, headers: { Location: `/api/keys/${created.id}` } }
  }),
})
