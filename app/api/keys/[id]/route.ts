import { route, methods } from '@/lib/api/route'
import { revokeApiKey } from '@/lib/auth/apiKeys'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // Revokes: the key stops working on the next request; its row stays for the audit trail.
  DELETE: route({ scope: 'admin' }, async ({ db, params }) => {
    await revokeApiKey(db, params.id)
    return { status: 204 }
  }),
})
