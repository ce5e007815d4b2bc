import { route, methods } from '@/lib/api/route'
import { incidentAlerts } from '@/lib/incidents/alerts'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db, params }) => ({ body: { alerts: await incidentAlerts(db, params.id) } })),
})
