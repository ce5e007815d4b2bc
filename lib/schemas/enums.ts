import { z } from 'zod'

// Canonical values are upper case; every enum on input is case-insensitive (the contract).
import { PRIORITIES, ROLES, STATUSES, URGENCIES } from './values'

export { ACTIVE_STATUSES, PRIORITIES, ROLES, STATUSES, URGENCIES } from './values'
export type { Priority, Role, Status, Urgency } from './values'

// `triggered` is the seed document's name for OPEN; clients written against it keep working.
const ALIASES: Record<string, string> = { TRIGGERED: 'OPEN' }

function caseInsensitive<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? (ALIASES[v.trim().toUpperCase()] ?? v.trim().toUpperCase()) : v),
    z.enum(values),
  )
}

export const statusInput = caseInsensitive(STATUSES)
export const urgencyInput = caseInsensitive(URGENCIES)
export const priorityInput = caseInsensitive(PRIORITIES)

export const statusSchema = z.enum(STATUSES)
export const urgencySchema = z.enum(URGENCIES)
export const prioritySchema = z.enum(PRIORITIES)
export const roleSchema = z.enum(ROLES)
