import { route, methods } from '@/lib/api/route'
import { createService, listServices } from '@/lib/directory/services'
import { serviceBodySchema } from '@/lib/schemas/admin'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db }) => ({ body: { services: await listServices(db) } })),

  POST: route({ scope: 'admin', body: serviceBodySchema }, async ({ db, body }) => {
    const service = await createService(db, body)
    return { status: 201, body: service, headers: { Location: `/api/services/${service.id}` } }
  }),
})
