// Validation messages say what is wrong with the value sent, for every schema, through the one
// error map (lib/schemas/messages.ts) that lib/api/validation.ts installs.
import { describe, expect, it } from 'vitest'
import { toValidationError } from '@/lib/api/validation'
import { createKeySchema, createUserSchema } from '@/lib/schemas/admin'
import { createIncidentSchema, listQuerySchema, updateIncidentSchema } from '@/lib/schemas/incidents'
import type { z } from 'zod'

function detailsOf(schema: z.ZodType, value: unknown) {
  const r = schema.safeParse(value)
  if (r.success) throw new Error('expected the value to be refused')
  return toValidationError(r.error, 'body').details
}

describe('validation messages', () => {
  it('a value of the wrong type names its type, not "is required"', () => {
    expect(detailsOf(createIncidentSchema, { title: 123, serviceId: 'svc_1' })).toEqual([{ field: 'title', message: 'must be a string, not the number 123' }])
    expect(detailsOf(updateIncidentSchema, { status: 'SNOOZED', snoozeMinutes: '30' })).toEqual([
      { field: 'snoozeMinutes', message: 'must be a number, not the string "30"' },
    ])
    expect(detailsOf(createUserSchema, { email: 'a@example.test', name: ['x'], role: 'viewer', password: 'long enough' })).toEqual([
      { field: 'name', message: 'must be a string, not a list' },
    ])
  })

  it('a number that is not whole says so', () => {
    expect(detailsOf(updateIncidentSchema, { status: 'SNOOZED', snoozeMinutes: 10.5 })).toEqual([
      { field: 'snoozeMinutes', message: 'must be a whole number, not the number 10.5' },
    ])
  })

  it('a value out of range names the range, not its type', () => {
    expect(detailsOf(createKeySchema, { name: 'k', scopes: ['incidents:read'], expiresInDays: 0 })).toEqual([
      { field: 'expiresInDays', message: 'must be at least 1, not the number 0' },
    ])
    expect(detailsOf(updateIncidentSchema, { status: 'SNOOZED', snoozeMinutes: 20_000 })).toEqual([
      { field: 'snoozeMinutes', message: 'must be at most 10080, not the number 20000' },
    ])
    expect(detailsOf(createIncidentSchema, { title: 'x'.repeat(300), serviceId: 'svc_1' })).toEqual([
      { field: 'title', message: 'must be at most 255 characters, not 300 characters' },
    ])
    expect(detailsOf(listQuerySchema, { limit: '500' })).toEqual([{ field: 'limit', message: 'must be at most 200, not the number 500' }])
  })

  it('a missing value is required; a wrong choice lists the choices', () => {
    expect(detailsOf(createIncidentSchema, { serviceId: 'svc_1' })).toEqual([{ field: 'title', message: 'is required' }])
    expect(detailsOf(createIncidentSchema, { title: 't', serviceId: 'svc_1', urgency: 'meh' })).toEqual([
      { field: 'urgency', message: 'must be one of HIGH, LOW, not the string "MEH"' },
    ])
  })

  it('an offset far past any list is accepted (an empty page), not refused', () => {
    expect(listQuerySchema.parse({ offset: '1000000000' }).offset).toBe(1_000_000_000)
    expect(listQuerySchema.parse({ offset: '99999999999999' }).offset).toBe(99_999_999_999_999)
  })
})
