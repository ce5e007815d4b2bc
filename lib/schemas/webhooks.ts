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
export type CreatedWebhook = z.infer<typeof createdWebhookSchema>

/** The answer of the test button: how the endpoint replied to one signed `webhook.test`. */
export const testResultSchema = attemptSchema.pick({ status: true, error: true, durationMs: true, response: true })
export type TestResult = z.infer<typeof testResultSchema>

// Kinds of message in the outbox; `email` joins this list when mail is sent through it.
export const NOTIFICATION_KINDS = ['webhook', 'email'] as const

/**
 * One message an incident's changes sent, as anyone who may read the incident sees it: where it
 * went without anything secret in the address, and whether it arrived. The delivery log (admin)
 * has the answers' bodies.
 */
export const incidentNotificationSchema = z.object({
  id: z.string().describe('the webhook-id of every attempt'),
  kind: z.enum(NOTIFICATION_KINDS),
  type: z.string().describe('e.g. incident.acknowledged'),
  eventId: z.string().describe('the timeline event it reports'),
  destination: z.string().describe("webhook: the host (and port) of the subscription's URL, never its path, query or credentials; email: the recipient's name"),
  subscriptionId: z.string().nullable().describe('webhook: its subscription'),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.int(),
  lastAttemptAt: z.iso.datetime().nullable(),
  lastStatus: z.int().nullable().describe('the HTTP status (webhook) or SMTP reply code (email) of the last attempt; null: no answer, or no attempt yet'),
  lastError: z.string().nullable().describe('why the last attempt got no answer (timeout, refused address, network error)'),
  nextAttemptAt: z.iso.datetime().nullable().describe('pending only'),
  createdAt: z.iso.datetime(),
})
export type IncidentNotification = z.infer<typeof incidentNotificationSchema>
export const incidentNotificationListSchema = z.object({ notifications: z.array(incidentNotificationSchema) })
