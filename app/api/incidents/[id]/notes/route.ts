import { methods } from '@/lib/api/route'
import { addNoteRoute, listNotesRoute } from '@/lib/api/endpoints/incidents'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: listNotesRoute, POST: addNoteRoute })
