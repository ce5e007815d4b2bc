// The three ingestion endpoints, declared once: app/api/events/**/route.ts serve them through
// Next, and the server's API lane (lib/server/apiLane.ts) serves their POSTs before Next sees
// them. Each declares its scope, its body schema and how its senders want errors.
import { route } from '@/lib/api/route'
import { integrationOf } from '@/lib/api/principal'
import { fromAlertmanager, fromGeneric, fromPagerDuty } from '@/lib/events/rules/normalize'
import { alertmanagerWebhookSchema, genericEventSchema, pagerDutyEventSchema } from '@/lib/schemas/events'
import { ingest, withPagerDutyError } from '@/lib/events/ingest'

export const pagerDutyEvents = route(
  { scope: 'events:write', body: pagerDutyEventSchema, ingest: { keyInBody: 'routing_key', overBudget: 429, errorBody: withPagerDutyError } },
  async ({ db, body, principal }) => ingest(db, integrationOf(principal), fromPagerDuty(body)),
)

export const alertmanagerEvents = route({ scope: 'events:write', body: alertmanagerWebhookSchema, ingest: { overBudget: 503 } }, async ({ db, body, principal }) =>
  ingest(db, integrationOf(principal), fromAlertmanager(body)),
)

export const genericEvents = route({ scope: 'events:write', body: genericEventSchema, ingest: { overBudget: 429 } }, async ({ db, body, principal }) =>
  ingest(db, integrationOf(principal), fromGeneric(body)),
)
