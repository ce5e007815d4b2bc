// Which webhook type a timeline event sends (contract, "Notifications out"): one per event of that
// name, `created` as incident.triggered and `note` as incident.annotated; `updated` (a title or
// description edit) and anything else — a folded repeat alert among them — send nothing.
export const WEBHOOK_EVENT_TYPES = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.unacknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.snoozed',
  'incident.unsnoozed',
  'incident.assigned',
  'incident.unassigned',
  'incident.urgency_changed',
  'incident.priority_changed',
  'incident.annotated',
  'incident.escalated',
] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

const RENAMED: Record<string, WebhookEventType> = { created: 'incident.triggered', note: 'incident.annotated' }
const SILENT = new Set(['updated'])

/** The webhook type a timeline event of `type` sends, or null when it sends nothing. */
export function webhookTypeOf(type: string): WebhookEventType | null {
  if (SILENT.has(type)) return null
  const renamed = RENAMED[type]
  if (renamed) return renamed
  const candidate = `incident.${type}`
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(candidate) ? (candidate as WebhookEventType) : null
}
