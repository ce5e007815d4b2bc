import { route, methods } from '@/lib/api/route'
import { openApiDocument } from '@/lib/schemas/openapi'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods(
  { GET: route({ scope: null }, async () => ({ body: openApiDocument() })) },
  null,
)
