import { route, methods } from '@/lib/api/route'
import { bulkResults } from '@/lib/api/bulk'
import { actorOf } from '@/lib/api/principal'
import { updateIncidents } from '@/lib/incidents/bulk'
import { bulkChangeSchema } from '@/lib/schemas/notes'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({ scope: 'incidents:write', body: bulkChangeSchema }, async ({ db, body, principal, requestId }) => {
    const settled = await updateIncidents(db, actorOf(principal), body.ids, { ...body.changes, note: body.note })
    return { body: { results: bulkResults(settled, requestId) } }
  }),
})
