// The incident API's handlers, declared once: app/api/incidents/**/route.ts serve them through
// Next, and the server's API lane (lib/server/apiLane.ts) serves the writes before Next sees them.
import { route } from '@/lib/api/route'
import { bulkResults } from '@/lib/api/bulk'
import { idempotent, readIdempotencyKey } from '@/lib/api/idempotency'
import { actorOf, principalKey } from '@/lib/api/principal'
import { createIncidentSchema, listQuerySchema, updateIncidentSchema } from '@/lib/schemas/incidents'
import { bulkChangeSchema, createNoteSchema } from '@/lib/schemas/notes'
import { updateIncidents } from '@/lib/incidents/bulk'
import { createIncident, updateIncident } from '@/lib/incidents/commands'
import { addNote, listNotes } from '@/lib/incidents/notes'
import { getIncident, listIncidents } from '@/lib/incidents/queries'

export const listIncidentsRoute = route({ scope: 'incidents:read', query: listQuerySchema }, async ({ db, query }) => ({
  body: await listIncidents(db, query),
}))

export const createIncidentRoute = route({ scope: 'incidents:write', body: createIncidentSchema }, async ({ db, req, body, principal }) => {
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
})

export const getIncidentRoute = route({ scope: 'incidents:read' }, async ({ db, params }) => {
  const { incident, etag } = await getIncident(db, params.id)
  return { body: incident, headers: { ETag: etag } }
})

export const updateIncidentRoute = route({ scope: 'incidents:write', body: updateIncidentSchema }, async ({ db, req, params, body, principal }) => {
  const { incident, etag } = await updateIncident(db, actorOf(principal), params.id, body, {
    ifMatch: req.headers.get('if-match'),
  })
  return { body: incident, headers: { ETag: etag } }
})

export const bulkUpdateRoute = route({ scope: 'incidents:write', body: bulkChangeSchema }, async ({ db, body, principal, requestId }) => {
  const settled = await updateIncidents(db, actorOf(principal), body.ids, { ...body.changes, note: body.note })
  return { body: { results: bulkResults(settled, requestId) } }
})

export const listNotesRoute = route({ scope: 'incidents:read' }, async ({ db, params }) => ({ body: { notes: await listNotes(db, params.id) } }))

export const addNoteRoute = route({ scope: 'incidents:write', body: createNoteSchema }, async ({ db, params, body, principal }) => ({
  status: 201,
  body: await addNote(db, actorOf(principal), params.id, body.text),
}))
