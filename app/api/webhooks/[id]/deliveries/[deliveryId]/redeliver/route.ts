import { route, methods } from '@/lib/api/route'
import { redeliver } from '@/lib/notify/subscriptions'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // 202: queued; the attempt shows in the delivery log.
  POST: route({ scope: 'admin' }, async ({ db, params }) => {
    await redeliver(db, params.id, params.deliveryId)
    return { status: 202 }
  }),
})
