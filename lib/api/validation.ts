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
    // The parameter or body field as the client wrote it: `status`, not `status.1` for the second
    // item of `status=open,bogus`; a nested field keeps its path (`payload.summary`).
    const item = issue.path.findIndex((p) => typeof p === 'number')
    const path = item > 0 ? issue.path.slice(0, item) : issue.path
    const field = path.length ? path.map(String).join('.') : where
    details.push({ field, message: issue.message })
  }
  const first = details[0]
  const summary = first ? `${first.field} ${first.message}` : `invalid ${where}`
  return new AppError('VALIDATION_ERROR', details.length > 1 ? `${summary} (and ${details.length - 1} more)` : summary, details)
}
