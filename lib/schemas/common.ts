import { z } from 'zod'
import { roleSchema } from './enums'
import { serviceRefSchema, userRefSchema } from './incidents'

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    requestId: z.string(),
  }),
})
export type ErrorBody = z.infer<typeof errorSchema>

export const serviceListSchema = z.object({ services: z.array(serviceRefSchema) })
export const userListSchema = z.object({ users: z.array(userRefSchema) })
export const healthSchema = z.object({
  status: z.literal('ok'),
  email: z.enum(['on', 'off']).describe('on: SMTP_URL is set and notification emails are sent; off: none are queued or sent'),
})

export const meSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string(), role: roleSchema }),
  scopes: z.array(z.string()),
})
export type Me = z.infer<typeof meSchema>

export const loginSchema = z.strictObject({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(1000),
})
