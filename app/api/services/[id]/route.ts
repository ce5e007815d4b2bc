import { route, methods } from '@/lib/api/route'
import { renameService } from '@/lib/directory/services'
import { serviceBodySchema } from '@/lib/schemas/admin'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: route({ scope: 'admin', body: serviceBodySchema }, async ({ db, params, body }) => ({
    body: await renameService(db, params.id, body),
  })),
})
