// Response shapes of the admin endpoints (API keys, users with roles), for the dashboard's hooks.
import { z } from 'zod'
import { KEY_SCOPES } from '@/lib/auth/scopes'
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
})
export const apiKeyListSchema = z.object({ keys: z.array(apiKeySummarySchema) })
export const createdKeySchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  scopes: z.array(keyScopeSchema),
  expiresAt: z.iso.datetime().nullable(),
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
