import { route, methods } from '@/lib/api/route'
import { updateService } from '@/lib/directory/services'
import { updateServiceSchema } from '@/lib/schemas/admin'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: route({ scope: 'admin', body: updateServiceSchema }, async ({ db, params, body }) => ({
    body: await updateService(db, params.id, body),
  })),
})
