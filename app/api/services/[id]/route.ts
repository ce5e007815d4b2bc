import { route, methods } from '@/lib/api/route'
import { renameService, serviceNameSchema } from '@/lib/directory/services'
import { z } from 'zod'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  PATCH: route({ scope: 'admin', body: z.strictObject({ name: serviceNameSchema }) }, async ({ db, params, body }) => ({
    body: await renameService(db, params.id, body),
  })),
})
