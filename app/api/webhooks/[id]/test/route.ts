import { route, methods } from '@/lib/api/route'
import { testWebhook } from '@/lib/notify/subscriptions'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({ scope: 'admin' }, async ({ db, params }) => ({ body: await testWebhook(db, params.id) })),
})
