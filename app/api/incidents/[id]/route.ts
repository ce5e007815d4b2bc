import { route, methods } from '@/lib/api/route'
import { actorOf } from '@/lib/api/principal'
import { updateIncident } from '@/lib/incidents/commands'
import { getIncident } from '@/lib/incidents/queries'
import { updateIncidentSchema } from '@/lib/schemas/incidents'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db, params }) => {
    const { incident, etag } = await getIncident(db, params.id)
    return { body: incident, headers: { ETag: etag } }
  }),

  PATCH: route({ scope: 'incidents:write', body: updateIncidentSchema }, async ({ db, req, params, body, principal }) => {
    const { incident, etag } = await updateIncident(db, actorOf(principal), params.id, body, {
      ifMatch: req.headers.get('if-match'),
    })
    return { body: incident, headers: { ETag: etag } }
  }),
})
