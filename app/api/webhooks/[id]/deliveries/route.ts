import { route, methods } from '@/lib/api/route'
import { listDeliveries } from '@/lib/notify/subscriptions'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'admin' }, async ({ db, params }) => ({ body: { deliveries: await listDeliveries(db, params.id) } })),
})
