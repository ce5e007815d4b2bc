import { route, methods } from '@/lib/api/route'
import { actorOf } from '@/lib/api/principal'
import { addNote, listNotes } from '@/lib/incidents/notes'
import { createNoteSchema } from '@/lib/schemas/notes'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db, params }) => ({ body: { notes: await listNotes(db, params.id) } })),

  POST: route({ scope: 'incidents:write', body: createNoteSchema }, async ({ db, params, body, principal }) => ({
    status: 201,
    body: await addNote(db, actorOf(principal), params.id, body.text),
  })),
})
