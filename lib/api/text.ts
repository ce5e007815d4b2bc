// Text the databases cannot hold, dealt with once for every route instead of in every schema.
// U+0000 can be sent in JSON and query strings but never stored: PostgreSQL refuses it in text
// (a 500 if it reached a query), and no name, title or id of ours contains it: refused. A lone
// UTF-16 surrogate (JSON may spell "\ud800") has no UTF-8 form: it becomes U+FFFD, as it would
// in any UTF-8 text, so what a create answers is what is stored on either database.
import { invalidField, notFound } from '@/lib/errors'

/** The path (e.g. `title`, `status[1]`) of the first string holding U+0000, or null. */
function nulAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulAt(value[i], `${path}[${i}]`)
      if (found) return found
    }
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      const found = nulAt(v, path ? `${path}.${k}` : k)
      if (found) return found
    }
  }
  return null
}

/** 422 naming the field, for parsed bodies and queries. */
export function refuseNul(value: unknown): void {
  const field = nulAt(value, '')
  if (field) throw invalidField(field, 'must not contain the NUL character (U+0000)')
}

/** Replaces lone surrogates in the strings of a validated body or query (fresh objects, changed in place). */
export function wellFormedText<T>(value: T): T {
  if (typeof value === 'string') return value.toWellFormed() as T
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = wellFormedText(value[i])
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>
    for (const k of Object.keys(record)) record[k] = wellFormedText(record[k])
  }
  return value
}

/** Nothing we store has such an id, whatever kind of record the path names. */
export function refuseNulInPath(params: Record<string, string>): void {
  if (nulAt(params, '')) throw notFound('record')
}

