import { route, methods } from '@/lib/api/route'
import { integrationOf } from '@/lib/api/principal'
import { ingest, withPagerDutyError } from '@/lib/events/ingest'
import { fromPagerDuty } from '@/lib/events/rules/normalize'
import { pagerDutyEventSchema } from '@/lib/schemas/events'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route(
    { scope: 'events:write', body: pagerDutyEventSchema, ingest: { keyInBody: 'routing_key', overBudget: 429, errorBody: withPagerDutyError } },
    async ({ db, body, principal }) => ingest(db, integrationOf(principal), fromPagerDuty(body)),
  ),
})
