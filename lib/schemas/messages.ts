// The one error map for every zod schema: each message says what is wrong with the value that was
// sent (missing, of the wrong type, not whole, out of range, not one of the allowed values), so a
// schema names only its limits and never words a message of its own for these. Installed
// globally by importing this module (lib/api/validation.ts for HTTP, scripts/ops.ts for the CLI).
import { z } from 'zod'

/** How a sent value is named in a message: its JSON type, and the value itself when short. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  switch (typeof v) {
    case 'string':
      return v.length <= 40 ? `the string ${JSON.stringify(v)}` : 'a string'
    case 'number':
      return Number.isFinite(v) ? `the number ${v}` : 'a number out of range'
    case 'boolean':
      return `${v}`
    case 'object':
      return 'an object'
    default:
      return typeof v
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
  null: 'null',
}

const UNITS: Record<string, [string, string]> = { string: ['character', 'characters'], array: ['item', 'items'], set: ['item', 'items'] }

function bound(kind: 'least' | 'most', limit: number | bigint, origin: string, inclusive: boolean | undefined): string {
  const unit = UNITS[origin]
  const n = Number(limit)
  const phrase = inclusive === false ? (kind === 'least' ? `must be more than ${n}` : `must be less than ${n}`) : `must be at ${kind} ${n}`
  return unit ? `${phrase} ${n === 1 ? unit[0] : unit[1]}` : phrase
}

/** The message for one zod issue, or undefined to keep zod's own. */
export function messageFor(iss: z.core.$ZodRawIssue): string | undefined {
  const got = describeValue(iss.input)
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'is required'
      const expected = EXPECTED[iss.expected] ?? iss.expected
      // A number that is not whole, or a whole number too large to hold exactly.
      if (iss.expected === 'int' && typeof iss.input === 'number') return `must be a whole number, not ${got}`
      return `must be ${expected}, not ${got}`
    }
    case 'too_small':
      return `${bound('least', iss.minimum, iss.origin, iss.inclusive)}, not ${sizeOf(iss.input, iss.origin) ?? got}`
    case 'too_big':
      return `${bound('most', iss.maximum, iss.origin, iss.inclusive)}, not ${sizeOf(iss.input, iss.origin) ?? got}`
    case 'invalid_value':
      return `must be one of ${iss.values.map((v) => String(v)).join(', ')}, not ${got}`
    case 'invalid_format':
      return `must be ${iss.format === 'email' ? 'an email address' : `a valid ${iss.format}`}, not ${got}`
    case 'not_multiple_of':
      return `must be a multiple of ${iss.divisor}, not ${got}`
    default:
      return undefined
  }
}

/** For a length limit, how long the value sent was ("5 characters"); for a number, undefined. */
function sizeOf(input: unknown, origin: string): string | undefined {
  const unit = UNITS[origin]
  if (!unit) return undefined
  const n = typeof input === 'string' || Array.isArray(input) ? input.length : input instanceof Set ? input.size : null
  return n === null ? undefined : `${n} ${n === 1 ? unit[0] : unit[1]}`
}

z.config({ customError: (iss) => messageFor(iss) })
