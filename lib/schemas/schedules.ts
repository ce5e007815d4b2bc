// On-call schedules, shifts and who is on call (contract, "On call: schedules and escalation").
import { z } from 'zod'
import { HANDOFF_PATTERN, isTimeZone } from '@/lib/oncall/rules/localTime'
import { firstOverlap } from '@/lib/oncall/rules/overrides'
import { ROTATIONS } from '@/lib/oncall/rules/shifts'
import { userRefSchema } from './incidents'

export const MAX_LAYERS = 10
export const MAX_LAYER_USERS = 50
export const MAX_OVERRIDES = 500
export const MAX_LENGTH_HOURS = 24 * 28
export const MAX_SHIFTS_DAYS = 90

const id = z.string().min(1).max(64)
const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone (Z or ±HH:MM)' }).transform((s) => new Date(s))
const timeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone, e.g. Europe/Berlin')
  .describe('IANA time zone the handoff times are read in')

const layerSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional().describe('default "Layer N"'),
    start: instant.describe('users[0] is on call from here until the first handoff after it'),
    rotation: z.enum(ROTATIONS),
    lengthHours: z.int().min(1).max(MAX_LENGTH_HOURS).optional().describe('rotation "hours" only: the shift length'),
    handoffTime: z.string().regex(HANDOFF_PATTERN, 'must be a local time HH:MM (00:00…23:59)').describe('local HH:MM in the schedule\'s time zone'),
    users: z.array(id).min(1, 'a layer needs at least one user').max(MAX_LAYER_USERS).describe('user ids in rotation order'),
  })
  .superRefine((l, ctx) => {
    if (l.rotation === 'hours' && l.lengthHours === undefined) ctx.addIssue({ code: 'custom', path: ['lengthHours'], message: 'is required for rotation "hours"' })
    if (l.rotation !== 'hours' && l.lengthHours !== undefined) ctx.addIssue({ code: 'custom', path: ['lengthHours'], message: 'applies to rotation "hours" only' })
  })
export type LayerInput = z.infer<typeof layerSchema>

const overrideSchema = z
  .strictObject({ userId: id, start: instant, end: instant })
  .refine((o) => o.start < o.end, { path: ['end'], message: 'must be after start' })
export type OverrideInput = z.infer<typeof overrideSchema>

const overrides = z
  .array(overrideSchema)
  .max(MAX_OVERRIDES)
  .superRefine((list, ctx) => {
    const pair = firstOverlap(list)
    if (pair) ctx.addIssue({ code: 'custom', path: [pair[1]], message: `overlaps overrides[${pair[0]}]` })
  })
  .describe('who is on call instead, and when; never overlapping')

const name = z.string().trim().min(1).max(100)
const layers = z.array(layerSchema).max(MAX_LAYERS).describe('the last layer takes precedence over the ones before it')

export const createScheduleSchema = z.strictObject({ name, timeZone, layers, overrides: overrides.default([]) })
export type CreateScheduleInput = z.infer<typeof createScheduleSchema>

export const updateScheduleSchema = z
  .strictObject({
    name: name.optional(),
    timeZone: timeZone.optional(),
    layers: layers.optional().describe('replaces every layer'),
    overrides: overrides.optional().describe('replaces every override'),
  })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field')
export type UpdateScheduleInput = z.infer<typeof updateScheduleSchema>

export const scheduleSchema = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  layers: z.array(
    z.object({
      name: z.string(),
      start: z.iso.datetime(),
      rotation: z.enum(ROTATIONS),
      lengthHours: z.int().nullable(),
      handoffTime: z.string(),
      users: z.array(z.string()),
    }),
  ),
  overrides: z.array(z.object({ id: z.string(), userId: z.string(), start: z.iso.datetime(), end: z.iso.datetime() })),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type Schedule = z.infer<typeof scheduleSchema>
export const scheduleListSchema = z.object({ schedules: z.array(scheduleSchema) })

export const shiftSchema = z.object({ start: z.iso.datetime(), end: z.iso.datetime(), user: userRefSchema })
export type Shift = z.infer<typeof shiftSchema>

export const shiftsQuerySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional().describe('default: now'),
    to: z.iso.datetime({ offset: true }).optional().describe(`default: from + 14 days; at most ${MAX_SHIFTS_DAYS} days after from`),
  })
  .transform((q, ctx) => {
    const from = q.from ? new Date(q.from) : new Date()
    const to = q.to ? new Date(q.to) : new Date(from.getTime() + 14 * 86_400_000)
    if (from >= to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' })
    else if (to.getTime() - from.getTime() > MAX_SHIFTS_DAYS * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${MAX_SHIFTS_DAYS} days after from` })
    return { from, to }
  })

export const shiftsSchema = z.object({
  shifts: z.array(shiftSchema).describe('the final shifts: merged, in order, clipped to [from, to)'),
  layers: z.array(z.object({ name: z.string(), shifts: z.array(shiftSchema) })).describe('each layer\'s own shifts, for drawing the schedule'),
  overrides: z.array(shiftSchema).describe('the overrides that count within [from, to)'),
})
export type Shifts = z.infer<typeof shiftsSchema>

export const onCallSchema = z.object({
  oncall: z.array(
    z.object({
      schedule: z.object({ id: z.string(), name: z.string() }),
      user: userRefSchema.nullable().describe('null: nobody is on call now'),
      until: z.iso.datetime().nullable().describe('when this person (or nobody) stops being on call; null: not within 90 days'),
    }),
  ),
})
export type OnCall = z.infer<typeof onCallSchema>
