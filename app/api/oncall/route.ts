import { route, methods } from '@/lib/api/route'
import { onCallNow } from '@/lib/oncall/oncall'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db }) => ({ body: await onCallNow(db) })),
})
