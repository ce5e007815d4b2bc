import { route, methods } from '@/lib/api/route'
import { createWebhook, listWebhooks } from '@/lib/notify/subscriptions'
import { createWebhookSchema } from '@/lib/schemas/webhooks'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'admin' }, async ({ db }) => ({ body: { webhooks: await listWebhooks(db) } })),

  // The secret is in this one answer and nowhere else.
  POST: route({ scope: 'admin', body: createWebhookSchema }, async ({ db, body }) => {
    const created = await createWebhook(db, body)
    return { status: 201, body: created, headers: { Location: `/api/webhooks/${created.id}` } }
  }),
})
