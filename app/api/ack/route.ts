import { route, methods } from '@/lib/api/route'
import { redeemAckLink } from '@/lib/notify/ackLinks'
import { redeemAckLinkSchema } from '@/lib/schemas/ackLinks'

export const dynamic = 'force-dynamic'

// No credentials: the signed link is the credential (it names its incident and person).
export const { GET, POST, PUT, PATCH, DELETE } = methods(
  {
    POST: route({ scope: null, body: redeemAckLinkSchema }, async ({ db, body }) => ({ body: { incident: await redeemAckLink(db, body.token) } })),
  },
  null,
)
