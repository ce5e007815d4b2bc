import { route, methods } from '@/lib/api/route'
import { readAnalytics } from '@/lib/analytics/analytics'
import { analyticsQuerySchema } from '@/lib/schemas/analytics'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read', query: analyticsQuerySchema }, async ({ db, query }) => ({
    body: await readAnalytics(db, query),
  })),
})
