// Request and response shapes of the incidents API: the route handlers validate with them, the
// browser's hooks are typed by them and /api/openapi.json is generated from them.
import { z } from 'zod'
import {
  priorityInput,
  prioritySchema,
  statusInput,
  statusSchema,
  urgencyInput,
  urgencySchema,
} from './enums'
import { NOTE_MAX, SNOOZE_MINUTES } from './values'

export const LIST_LIMIT = { min: 1, max: 200, default: 50 } as const
export const TITLE_MAX = 255
export const DESCRIPTION_MAX = 10_000

// ---------- responses ----------

export const serviceRefSchema = z.object({ id: z.string(), name: z.string() })
export const userRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string() })

export const incidentSchema = z.object({
  id: z.string().meta({ example: 'inc_01jd5x0k3m9q8r7s6t5v4w3x2y' }),
  number: z.int().positive(),
  title: z.string(),
  description: z.string().nullable(),
  status: statusSchema,
  urgency: urgencySchema,
  priority: prioritySchema.nullable(),
  service: serviceRefSchema,
  assignee: userRefSchema.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  acknowledgedAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  snoozedUntil: z.iso.datetime().nullable(),
  dedupKey: z.string().nullable().describe('the key alert repeats fold on; null when not opened by an alert'),
  alertCount: z.int().nonnegative().describe('triggers folded into the incident (0: created through POST /api/incidents)'),
  lastAlertAt: z.iso.datetime().nullable(),
  source: z.enum(['events', 'alertmanager', 'grafana', 'generic']).nullable().describe('the ingestion endpoint that opened it'),
})

export const TIMELINE_EVENT_TYPES = [
  'created',
  'acknowledged',
  'unacknowledged',
  'resolved',
  'reopened',
  'snoozed',
  'unsnoozed',
  'assigned',
  'unassigned',
  'urgency_changed',
  'priority_changed',
  'updated',
  'escalated',
  'note',
] as const
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number]

export const actorSchema = z.object({
  type: z.enum(['user', 'apiKey', 'system']),
  id: z.string().optional(),
  name: z.string(),
})

export const timelineEventSchema = z.object({
  id: z.string(),
  type: z.enum(TIMELINE_EVENT_TYPES),
  at: z.iso.datetime(),
  actor: actorSchema,
  details: z.record(z.string(), z.unknown()),
})

export const nextEscalationSchema = z
  .object({
    step: z.int().positive().describe("the policy's step that fires next, from 1, as in an escalated event's details"),
    pass: z.int().nonnegative().describe('the pass over the steps it fires in, from 0'),
    dueAt: z.iso.datetime().describe('when it fires, unless the incident is acknowledged, resolved or snoozed first'),
  })
  .nullable()
  .describe("the next escalation step while the incident escalates under its service's policy; null otherwise")

export const incidentWithTimelineSchema = incidentSchema.extend({ escalation: nextEscalationSchema, timeline: z.array(timelineEventSchema) })

export const incidentListSchema = z.object({
  incidents: z.array(incidentSchema),
  total: z.int().nonnegative(),
  limit: z.int(),
  offset: z.int(),
  hasMore: z.boolean(),
})

export type Incident = z.infer<typeof incidentSchema>
export type IncidentWithTimeline = z.infer<typeof incidentWithTimelineSchema>
export type TimelineEvent = z.infer<typeof timelineEventSchema>
export type Actor = z.infer<typeof actorSchema>
export type IncidentList = z.infer<typeof incidentListSchema>

// ---------- list query ----------

/** Comma-separated lists in the query string ("OPEN,acknowledged"); blanks are dropped. */
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).min(1, 'must name at least one value'),
  )

/** Whole numbers only: "1.5", "1e3", "" and " 7" are refused rather than coerced. */
const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min).max(max))

const isoParam = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
    'must be an ISO 8601 date or date-time',
  )
  .transform((s, ctx) => {
    const d = new Date(/T.*(Z|[+-]\d{2}:?\d{2})$/.test(s) || !s.includes('T') ? s : `${s}Z`)
    // Date rolls 2024-02-30 over to March 1st instead of refusing it; the calendar must agree.
    const [y, m, day] = s.slice(0, 10).split('-').map(Number)
    const calendar = new Date(Date.UTC(y, m - 1, day))
    if (Number.isNaN(d.getTime()) || calendar.getUTCMonth() !== m - 1 || calendar.getUTCDate() !== day) {
      ctx.addIssue({ code: 'custom', message: 'is not a valid date' })
      return z.NEVER
    }
    // PostgreSQL has no year 0 (it goes from 1 BC to AD 1): refused here so both databases agree.
    if (d.getUTCFullYear() < 1) {
      ctx.addIssue({ code: 'custom', message: 'must be in the years 0001 to 9999' })
      return z.NEVER
    }
    return d
  })

const lowerEnum = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.enum(values))

export const listQuerySchema = z.object({
  limit: intParam(LIST_LIMIT.min, LIST_LIMIT.max)
    .default(LIST_LIMIT.default)
    .describe(`${LIST_LIMIT.min}…${LIST_LIMIT.max}, default ${LIST_LIMIT.default}`),
  // Any offset a client can name exactly is answered; past the end is an empty page (the contract).
  offset: intParam(0, Number.MAX_SAFE_INTEGER).default(0).describe('≥ 0, default 0; past the end answers an empty page'),
  status: csv(statusInput).optional().describe('one status or a comma-separated list (case-insensitive; `triggered` = OPEN)'),
  // An id in a filter that no record has, however long, simply matches nothing (the contract).
  serviceId: csv(z.string()).optional().describe('one service id or a comma-separated list'),
  urgency: urgencyInput.optional().describe('HIGH or LOW'),
  dedupKey: z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters').optional().describe('exact dedup key (case-sensitive)'),
  assigneeId: z.string().min(1, 'must not be empty').optional().describe('a user id, or `none` for unassigned'),
  q: z
    .string()
    .max(200, 'must be at most 200 characters')
    .transform((s) => s.trim())
    .optional()
    .describe('case-insensitive substring of the title; a number (or #number) also matches the incident number'),
  createdAfter: isoParam.optional().describe('ISO 8601; incidents created strictly after'),
  createdBefore: isoParam.optional().describe('ISO 8601; incidents created strictly before'),
  sort: lowerEnum(['createdAt', 'updatedAt', 'triage'] as const)
    .default('createdAt')
    .describe(
      'createdAt (default) or updatedAt, ties broken by id in the same direction; or triage: OPEN, ACKNOWLEDGED, SNOOZED, RESOLVED, HIGH before LOW within each, then newest first (`order` does not apply)',
    ),
  order: z
    .preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(['asc', 'desc']))
    .default('desc')
    .describe('desc (default) or asc; ignored with sort=triage'),
})
export type ListQuery = z.infer<typeof listQuerySchema>

// ---------- bodies ----------

const title = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty').max(TITLE_MAX))
const description = z.string().max(DESCRIPTION_MAX)
const reference = z.string().min(1, 'must not be empty').max(64)
/** A note's text, stored trimmed: 1…10 000 characters. */
export const noteText = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'must not be empty').max(NOTE_MAX))

export const createIncidentSchema = z.strictObject({
  title,
  serviceId: reference,
  description: description.nullable().optional(),
  urgency: urgencyInput.default('HIGH'),
  priority: priorityInput.nullable().optional(),
  assigneeId: reference.nullable().optional(),
})
export type CreateIncidentInput = z.infer<typeof createIncidentSchema>

/** A field an incident gets when it is created and keeps: present in an update, it is refused by name. */
const fixedField = z
  .unknown()
  .refine(() => false, 'cannot be changed')
  .optional()
  .meta({ description: 'set when the incident is created: refused with "cannot be changed"', not: {} })

export const updateIncidentSchema = z
  .strictObject({
    serviceId: fixedField,
    number: fixedField,
    status: statusInput.optional(),
    snoozeMinutes: z.int().min(SNOOZE_MINUTES.min).max(SNOOZE_MINUTES.max).optional(),
    urgency: urgencyInput.optional(),
    priority: priorityInput.nullable().optional(),
    // null or "" unassigns.
    assigneeId: z
      .union([reference, z.literal(''), z.null()], { error: 'must be a user id, "" or null' })
      .transform((v) => (v === '' ? null : v))
      .optional(),
    title: title.optional(),
    description: description.nullable().optional(),
    note: noteText.optional().describe('a note written with the change, in the same transaction; not a change by itself'),
  })
  .superRefine((body, ctx) => {
    // A note rides along with a change; alone it belongs to POST /api/incidents/:id/notes.
    if (Object.entries(body).every(([k, v]) => k === 'note' || v === undefined)) {
      ctx.addIssue({ code: 'custom', path: [], message: body.note === undefined ? 'must change at least one field' : 'a note alone goes to POST /api/incidents/:id/notes' })
    }
    if (body.snoozeMinutes !== undefined && body.status !== 'SNOOZED') {
      ctx.addIssue({ code: 'custom', path: ['snoozeMinutes'], message: 'is only allowed with status SNOOZED' })
    }
  })
export type UpdateIncidentInput = z.infer<typeof updateIncidentSchema>
