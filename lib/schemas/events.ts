// Request and response shapes of alert ingestion: PagerDuty Events API v2, the Alertmanager
// webhook (version 4, and Grafana's superset of it) and the generic body. Unknown fields and the
// payload `version` are ignored, as the senders add fields freely.
import { z } from 'zod'
import { urgencyInput } from './enums'

export const DEDUP_KEY_MAX = 255
export const ALERT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const
export type AlertAction = (typeof ALERT_ACTIONS)[number]

const dedupKey = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(DEDUP_KEY_MAX, `must be at most ${DEDUP_KEY_MAX} characters`)
const text = (max: number) => z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`)
const details = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' })
const action = z.enum(ALERT_ACTIONS, { error: `must be one of ${ALERT_ACTIONS.join(', ')}` })
const stringMap = z.record(z.string(), z.string(), { error: 'must be an object of strings' })

export const pagerDutyEventSchema = z
  .object({
    routing_key: z.string().optional().describe('the integration key, when not sent as Authorization: Bearer'),
    event_action: action,
    dedup_key: dedupKey.optional(),
    payload: z
      .object({
        summary: text(1024).trim().min(1, 'must not be empty'),
        source: text(255).optional(),
        severity: z.enum(['critical', 'error', 'warning', 'info'], { error: 'must be one of critical, error, warning, info' }).optional(),
        timestamp: z.string().optional(),
        component: text(255).optional(),
        group: text(255).optional(),
        class: text(255).optional(),
        custom_details: details.optional(),
      })
      .optional(),
    links: z.array(z.object({ href: z.string(), text: z.string().optional() })).optional(),
    images: z.array(z.object({ src: z.string(), href: z.string().optional(), alt: z.string().optional() })).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.event_action === 'trigger' && !e.payload) ctx.addIssue({ code: 'custom', path: ['payload'], message: 'a trigger needs a payload with a summary' })
    if (e.event_action !== 'trigger' && !e.dedup_key) ctx.addIssue({ code: 'custom', path: ['dedup_key'], message: `${e.event_action} needs the dedup_key of the alert` })
  })
export type PagerDutyEvent = z.infer<typeof pagerDutyEventSchema>

const amAlert = z.object({
  status: z.enum(['firing', 'resolved']).optional(),
  labels: stringMap.default({}),
  annotations: stringMap.default({}),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
  // Grafana's additions.
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
})

export const alertmanagerWebhookSchema = z.object({
  status: z.enum(['firing', 'resolved'], { error: 'must be firing or resolved' }),
  groupKey: dedupKey,
  receiver: z.string().optional(),
  groupLabels: stringMap.default({}),
  commonLabels: stringMap.default({}),
  commonAnnotations: stringMap.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(amAlert, { error: 'must be a list of alerts' }).max(10_000),
  truncatedAlerts: z.number().optional(),
  // Grafana's webhook contact point: orgId marks it.
  orgId: z.number().optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  state: z.string().optional(),
})
export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>

export const genericEventSchema = z
  .object({
    summary: text(1024).trim().min(1, 'must not be empty').optional(),
    dedupKey: dedupKey.optional(),
    action: action.default('trigger'),
    urgency: urgencyInput.optional(),
    details: details.optional(),
  })
  .superRefine((e, ctx) => {
    if (e.action === 'trigger' && !e.summary) ctx.addIssue({ code: 'custom', path: ['summary'], message: 'a trigger needs a summary' })
    if (e.action !== 'trigger' && !e.dedupKey) ctx.addIssue({ code: 'custom', path: ['dedupKey'], message: `${e.action} needs the dedupKey of the alert` })
  })
export type GenericEvent = z.infer<typeof genericEventSchema>

export const eventAcceptedSchema = z.object({
  status: z.literal('success'),
  message: z.literal('Event processed'),
  dedup_key: z.string(),
  incidentId: z.string().nullable(),
})

export const alertSchema = z.object({
  receivedAt: z.iso.datetime(),
  action: action,
  summary: z.string().nullable(),
  severity: z.string().nullable(),
  source: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
})
export const alertListSchema = z.object({ alerts: z.array(alertSchema) })
export type AlertView = z.infer<typeof alertSchema>
