// Request and response shapes of the admin endpoints (API keys, users with roles, services): the
// route handlers and the CLI validate with them, the dashboard's hooks are typed by them.
import { z } from 'zod'
import { KEY_SCOPES, isKeyScope } from './scopes'
import { roleSchema } from './enums'

export { KEY_SCOPES }
export const keyScopeSchema = z.enum(KEY_SCOPES)

export const apiKeySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(keyScopeSchema),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  serviceId: z.string().nullable().describe('the service an events:write key pages into'),
})
export const apiKeyListSchema = z.object({ keys: z.array(apiKeySummarySchema) })
export const createdKeySchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  scopes: z.array(keyScopeSchema),
  expiresAt: z.iso.datetime().nullable(),
  serviceId: z.string().nullable(),
})

export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
})
export const adminUserListSchema = z.object({ users: z.array(userSummarySchema) })

export type ApiKeySummary = z.infer<typeof apiKeySummarySchema>
export type CreatedKey = z.infer<typeof createdKeySchema>
export type UserSummary = z.infer<typeof userSummarySchema>

// ---------- bodies ----------

export const PASSWORD_MIN = 8

const lowerRole = z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), roleSchema)

export const createKeySchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100),
  scopes: z
    .array(z.string())
    .min(1, 'must name at least one scope')
    .superRefine((list, ctx) => {
      for (const s of list) {
        if (!isKeyScope(s)) ctx.addIssue({ code: 'custom', message: `unknown scope "${s}" (known: ${KEY_SCOPES.join(', ')})` })
      }
    })
    .describe(`what the key may do: ${KEY_SCOPES.join(', ')}`),
  expiresInDays: z
    .int()
    .min(1)
    .max(3650)
    .nullable()
    .optional()
    .describe('days until the key stops working; null or absent: never'),
  serviceId: z
    .string({ error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(64)
    .nullable()
    .optional()
    .describe('events:write keys only (required there): the service its alerts page into'),
})
  .superRefine((k, ctx) => {
    const events = k.scopes.includes('events:write')
    if (events && k.scopes.some((s) => s !== 'events:write')) {
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'events:write cannot be combined with other scopes' })
    } else if (events && !k.serviceId) {
      ctx.addIssue({ code: 'custom', path: ['serviceId'], message: 'an events:write key needs the service it pages into' })
    } else if (!events && k.serviceId) {
      ctx.addIssue({ code: 'custom', path: ['serviceId'], message: 'only an events:write key is bound to a service' })
    }
  })
export type CreateKeyInput = z.infer<typeof createKeySchema>

export const createUserSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  name: z.string().trim().min(1, 'must not be empty').max(100),
  role: lowerRole,
  password: z.string().min(PASSWORD_MIN).max(1000),
})
export type CreateUserInput = z.input<typeof createUserSchema>

export const updateUserSchema = z
  .strictObject({
    role: lowerRole.optional(),
    name: z.string().trim().min(1).max(100).optional(),
    disabled: z.boolean().optional().describe('true signs the user out everywhere and refuses their sign-ins'),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'must change at least one field' })
export type UpdateUserInput = z.input<typeof updateUserSchema>

export const serviceNameSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
export const serviceBodySchema = z.strictObject({ name: serviceNameSchema })
export const updateServiceSchema = z
  .strictObject({
    name: serviceNameSchema.optional(),
    escalationPolicyId: z
      .string({ error: 'must be a string or null' })
      .min(1, 'must not be empty')
      .max(64)
      .nullable()
      .optional()
      .describe('the escalation policy that pages for its incidents; null: none'),
  })
  .refine((b) => b.name !== undefined || b.escalationPolicyId !== undefined, { message: 'must change at least one field' })
export type UpdateServiceInput = z.infer<typeof updateServiceSchema>
export const serviceSchema = z.object({ id: z.string(), name: z.string(), escalationPolicyId: z.string().nullable() })
