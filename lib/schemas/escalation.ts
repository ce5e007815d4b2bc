// Escalation policies (contract, "On call: schedules and escalation"): request and response shapes.
import { z } from 'zod'
import { ESCALATE_AFTER_MAX, ESCALATE_AFTER_MIN, REPEAT_MAX } from '@/lib/escalation/rules/limits'

export const TARGET_TYPES = ['user', 'schedule'] as const

export const targetSchema = z.strictObject({
  type: z.enum(TARGET_TYPES),
  id: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(64),
})
export type Target = z.infer<typeof targetSchema>

export const stepSchema = z.strictObject({
  targets: z.array(targetSchema).min(1, 'a step needs at least one target').max(10, 'at most 10 targets a step'),
  escalateAfterMinutes: z
    .int({ error: 'must be a whole number of minutes' })
    .min(ESCALATE_AFTER_MIN, `must be at least ${ESCALATE_AFTER_MIN}`)
    .max(ESCALATE_AFTER_MAX, `must be at most ${ESCALATE_AFTER_MAX}`)
    .describe('minutes the step waits, while the incident stays OPEN, before the next fires'),
})
export type Step = z.infer<typeof stepSchema>

const name = z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')
const steps = z.array(stepSchema).min(1, 'a policy needs at least one step').max(20, 'at most 20 steps')
const repeat = z
  .int({ error: 'must be a whole number' })
  .min(0, 'must be at least 0')
  .max(REPEAT_MAX, `must be at most ${REPEAT_MAX}`)
  .describe('how many more passes over the steps after the first')

export const createPolicySchema = z.strictObject({ name, steps, repeat: repeat.default(0) })
export type CreatePolicyInput = z.infer<typeof createPolicySchema>

export const updatePolicySchema = z
  .strictObject({ name: name.optional(), steps: steps.optional(), repeat: repeat.optional() })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'must change at least one field' })
export type UpdatePolicyInput = z.infer<typeof updatePolicySchema>

export const policySchema = z.object({
  id: z.string(),
  name: z.string(),
  steps: z.array(stepSchema),
  repeat: z.int(),
  serviceIds: z.array(z.string()).describe('the services that use it'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
})
export type EscalationPolicy = z.infer<typeof policySchema>
export const policyListSchema = z.object({ escalationPolicies: z.array(policySchema) })
