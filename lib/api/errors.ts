// The contract's one error shape, and the HTTP status of each error code.
import { isDatabaseUnavailable } from '@/lib/db/errors'
import { AppError, type ErrorCode, type FieldError } from '@/lib/errors'
import { describeError, log } from '@/lib/log'

export const STATUS_OF: Record<ErrorCode, number> = {
  INVALID_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  VALIDATION_ERROR: 422,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
}

export interface ErrorPayload {
  error: { code: ErrorCode; message: string; details?: FieldError[]; requestId: string }
}

/** Maps anything thrown to (status, body). Unknown errors become a bare 500: no stack, SQL or secret. */
export function toErrorPayload(e: unknown, requestId: string): { status: number; body: ErrorPayload } {
  let err: AppError
  if (e instanceof AppError) err = e
  else if (isDatabaseUnavailable(e)) {
    log('error', 'database unavailable', { requestId, ...describeError(e) })
    err = new AppError('SERVICE_UNAVAILABLE', 'the database is unavailable; try again shortly')
  } else {
    log('error', 'unhandled error', { requestId, ...describeError(e) })
    err = new AppError('INTERNAL_ERROR', 'internal error; quote the request id when reporting it')
  }
  const body: ErrorPayload = { error: { code: err.code, message: err.message, requestId } }
  if (err.details?.length) body.error.details = err.details
  return { status: STATUS_OF[err.code], body }
}

