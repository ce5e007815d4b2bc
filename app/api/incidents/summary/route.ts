import { route, methods } from '@/lib/api/route'
import { countByStatus } from '@/lib/incidents/summary'
import { listQuerySchema } from '@/lib/schemas/incidents'

export const dynamic = 'force-dynamic'

const summaryQuerySchema = listQuerySchema.pick({ serviceId: true, urgency: true, assigneeId: true, q: true })

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read', query: summaryQuerySchema }, async ({ db, query }) => ({
    body: await countByStatus(db, query),
  })),
})
