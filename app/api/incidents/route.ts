import { route, methods } from '@/lib/api/route'
import { idempotent, readIdempotencyKey } from '@/lib/api/idempotency'
import { actorOf, principalKey } from '@/lib/api/principal'
import { createIncident } from '@/lib/incidents/commands'
import { listIncidents } from '@/lib/incidents/queries'
import { createIncidentSchema, listQuerySchema } from '@/lib/schemas/incidents'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read', query: listQuerySchema }, async ({ db, query }) => ({
    body: await listIncidents(db, query),
  })),

  POST: route({ scope: 'incidents:write', body: createIncidentSchema }, async ({ db, req, body, principal }) => {
    const key = readIdempotencyKey(req.headers.get('idempotency-key'))
    const answer = await idempotent(db, principalKey(principal), key, body, async (hooks) => {
      const { incident } = await createIncident(db, actorOf(principal), body, {
        before: hooks?.claim,
        within: hooks && ((tx, result) => hooks.remember(tx, { status: 201, body: result.incident })),
      })
      return { status: 201, body: incident }
    })
    const incident = answer.body as { id: string }
    return {
      status: answer.status,
      body: answer.body,
      headers: {
        Location: `/api/incidents/${incident.id}`,
        ...(answer.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      },
    }
  }),
})
