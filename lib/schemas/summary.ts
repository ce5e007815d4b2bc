// GET /api/incidents/summary: incidents per status under the list's filters (status aside).
import { z } from 'zod'
import { STATUSES } from './enums'

export const incidentSummarySchema = z.object({
  counts: z.object(Object.fromEntries(STATUSES.map((s) => [s, z.int().nonnegative()])) as Record<(typeof STATUSES)[number], z.ZodInt>),
  total: z.int().nonnegative(),
})
export type IncidentSummary = z.infer<typeof incidentSummarySchema>
