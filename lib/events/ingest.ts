// Ingestion: a normalized event applied for the integration that sent it, and the 202 answer.
import type { Db } from '@/lib/db/client'
import { ingestAlert, type AlertEvent } from '@/lib/incidents/alerts'
import type { Actor } from '@/lib/schemas/incidents'
import type { z } from 'zod'
import type { eventAcceptedSchema } from '@/lib/schemas/events'

export interface Integration {
  actor: Actor
  serviceId: string
}

/** Applies the event before answering, so the 202 already shows in the incident. */
export async function ingest(db: Db, integration: Integration, event: AlertEvent): Promise<{ status: 202; body: z.infer<typeof eventAcceptedSchema> }> {
  const { dedupKey, incidentId } = await ingestAlert(db, integration.actor, integration.serviceId, event)
  return { status: 202, body: { status: 'success', message: 'Event processed', dedup_key: dedupKey, incidentId } }
}

interface ErrorBody {
  error: { message: string; details?: { field: string; message: string }[] }
}

/** PagerDuty's error fields beside the contract's `error`, so PagerDuty clients log something useful. */
export const withPagerDutyError = (payload: ErrorBody) => ({
  ...payload,
  status: 'invalid event',
  message: payload.error.message,
  errors: payload.error.details?.map((d) => `${d.field}: ${d.message}`) ?? [payload.error.message],
})
