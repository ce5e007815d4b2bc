// Webhook subscriptions, their deliveries and attempts (contract, "Notifications out").
import { z } from 'zod'
import { WEBHOOK_EVENT_TYPES } from '@/lib/notify/rules/types'

export const WEBHOOK_FORMATS = ['standard', 'slack'] as const
const URL_MAX = 2000

const webhookUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(URL_MAX)
const events = z.array(z.enum([...WEBHOOK_EVENT_TYPES, '*'])).min(1, 'must name at least one type, or "*"').max(WEBHOOK_EVENT_TYPES.length + 1)
const serviceIds = z.array(z.string().min(1).max(64)).min(1).max(100).nullable()

export const createWebhookSchema = z.strictObject({
  url: webhookUrl,
  events,
  serviceIds: serviceIds.optional().describe('omitted or null: every service'),
  format: z.enum(WEBHOOK_FORMATS).default('standard'),
  enabled: z.boolean().default(true),
})
export type CreateWebhookInput = z.infer<typeof createWebhookSchema>

export const updateWebhookSchema = z.strictObject({
  url: webhookUrl.optional(),
  events: events.optional(),
  serviceIds: serviceIds.optional(),
  format: z.enum(WEBHOOK_FORMATS).optional(),
  enabled: z.boolean().optional(),
})
export type UpdateWebhookInput = z.infer<typeof updateWebhookSchema>

export const webhookSchema = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  serviceIds: z.array(z.string()).nullable(),
  format: z.enum(WEBHOOK_FORMATS),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe('"failing": turned off after 3 days of failed deliveries'),
  failingSince: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Webhook = z.infer<typeof webhookSchema>
export const createdWebhookSchema = webhookSchema.extend({ secret: z.string().describe('shown in this answer only') })

export const attemptSchema = z.object({
  at: z.iso.datetime(),
  status: z.int().nullable(),
  outcome: z.enum(['delivered', 'retry', 'failed']),
  error: z.string().nullable(),
  durationMs: z.int(),
  response: z.string().nullable(),
})
export const deliverySchema = z.object({
  id: z.string().describe('the webhook-id of every attempt'),
  type: z.string(),
  incidentId: z.string(),
  eventId: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  createdAt: z.iso.datetime(),
  nextAttemptAt: z.iso.datetime().nullable(),
  attempts: z.array(attemptSchema),
})
export type Delivery = z.infer<typeof deliverySchema>
