import { route, methods } from '@/lib/api/route'
import { integrationOf } from '@/lib/api/principal'
import { ingest } from '@/lib/events/ingest'
import { fromGeneric } from '@/lib/events/rules/normalize'
import { genericEventSchema } from '@/lib/schemas/events'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({ scope: 'events:write', body: genericEventSchema, ingest: { overBudget: 429 } }, async ({ db, body, principal }) =>
    ingest(db, integrationOf(principal), fromGeneric(body)),
  ),
})
