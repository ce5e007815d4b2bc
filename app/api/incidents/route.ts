import { methods } from '@/lib/api/route'
import { createIncidentRoute, listIncidentsRoute } from '@/lib/api/endpoints/incidents'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: listIncidentsRoute, POST: createIncidentRoute })
