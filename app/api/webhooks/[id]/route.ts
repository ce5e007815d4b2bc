import { route, methods } from '@/lib/api/route'
import { deleteWebhook, updateWebhook } from '@/lib/notify/subscriptions'
import { updateWebhookSchema } from '@/lib/schemas/webhooks'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: route({ scope: 'admin', body: updateWebhookSchema }, async ({ db, params, body }) => ({ body: await updateWebhook(db, params.id, body) })),

  DELETE: route({ scope: 'admin' }, async ({ db, params }) => {
    await deleteWebhook(db, params.id)
    return { status: 204 }
  }),
})
