import { methods } from '@/lib/api/route'
import { getIncidentRoute, updateIncidentRoute } from '@/lib/api/endpoints/incidents'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: getIncidentRoute, PATCH: updateIncidentRoute })
