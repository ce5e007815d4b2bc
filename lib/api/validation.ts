// zod issues → the contract's VALIDATION_ERROR with one detail per field.
import type { z } from 'zod'
import { AppError, type FieldError } from '@/lib/errors'
import '@/lib/schemas/messages'

export function toValidationError(error: z.ZodError, where: 'body' | 'query'): AppError {
  const details: FieldError[] = []
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ field: key, message: 'unknown field' })
      continue
    }
    const field = issue.path.length ? issue.path.map(String).join('.') : where
    details.push({ field, message: issue.message })
  }
  const first = details[0]
  const summary = first ? `${first.field} ${first.message}` : `invalid ${where}`
  return new AppError('VALIDATION_ERROR', details.length > 1 ? `${summary} (and ${details.length - 1} more)` : summary, details)
}
