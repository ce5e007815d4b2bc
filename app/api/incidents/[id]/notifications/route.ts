import { route, methods } from '@/lib/api/route'
import { incidentNotifications } from '@/lib/notify/notifications'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db, params }) => ({ body: { notifications: await incidentNotifications(db, params.id) } })),
})
