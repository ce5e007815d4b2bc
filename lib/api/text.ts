// Text the databases cannot hold, dealt with once for every route instead of in every schema.
// U+0000 can be sent in JSON and query strings but never stored: PostgreSQL refuses it in text
// (a 500 if it reached a query), and no name, title or id of ours contains it: refused. A lone
// UTF-16 surrogate (JSON may spell "\ud800") has no UTF-8 form: it becomes U+FFFD, as it would
// in any UTF-8 text, so what a create answers is what is stored on either database.
import { invalidField, notFound } from '@/lib/errors'

/**
 * Every string in `value` through `fn` with its path (e.g. `title`, `status[1]`), in one walk;
 * arrays and objects are changed in place (parsed values are fresh).
 */
function eachString<T>(value: T, path: string, fn: (s: string, path: string) => string): T {
  if (typeof value === 'string') return fn(value, path) as T
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = eachString(value[i], `${path}[${i}]`, fn)
  } else if (value && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>
    for (const k of Object.keys(record)) record[k] = eachString(record[k], path ? `${path}.${k}` : k, fn)
  }
  return value
}

/** A validated body or query as it can be stored: U+0000 is a 422 naming the field, lone surrogates become U+FFFD. */
export function storableText<T>(value: T): T {
  return eachString(value, '', (s, path) => {
    if (s.includes('\u0000')) throw invalidField(path || 'body', 'must not contain the NUL character (U+0000)')
    return s.toWellFormed()
  })
}

/** Nothing we store has such an id, whatever kind of record the path names. */
export function refuseNulInPath(params: Record<string, string>): void {
  eachString(params, '', (s) => {
    if (s.includes('\u0000')) throw notFound('record')
    return s
  })
}
