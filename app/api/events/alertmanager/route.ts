import { route, methods } from '@/lib/api/route'
import { integrationOf } from '@/lib/api/principal'
import { ingest } from '@/lib/events/ingest'
import { fromAlertmanager } from '@/lib/events/rules/normalize'
import { alertmanagerWebhookSchema } from '@/lib/schemas/events'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  POST: route({ scope: 'events:write', body: alertmanagerWebhookSchema, ingest: { overBudget: 503 } }, async ({ db, body, principal }) =>
    ingest(db, integrationOf(principal), fromAlertmanager(body)),
  ),
})
