import { z } from 'zod'

// Canonical values are upper case; every enum on input is case-insensitive (the contract).
export const STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'SNOOZED'] as const
export const URGENCIES = ['HIGH', 'LOW'] as const
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const
export const ROLES = ['viewer', 'responder', 'admin'] as const
export const ACTIVE_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'] as const satisfies readonly Status[]

export type Status = (typeof STATUSES)[number]
export type Urgency = (typeof URGENCIES)[number]
export type Priority = (typeof PRIORITIES)[number]
export type Role = (typeof ROLES)[number]

// `triggered` is the seed document's name for OPEN; clients written against it keep working.
const ALIASES: Record<string, string> = { TRIGGERED: 'OPEN' }

function caseInsensitive<const T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? (ALIASES[v.trim().toUpperCase()] ?? v.trim().toUpperCase()) : v),
    z.enum(values, { error: `must be one of ${values.join(', ')}` }),
  )
}

export const statusInput = caseInsensitive(STATUSES)
export const urgencyInput = caseInsensitive(URGENCIES)
export const priorityInput = caseInsensitive(PRIORITIES)

export const statusSchema = z.enum(STATUSES)
export const urgencySchema = z.enum(URGENCIES)
export const prioritySchema = z.enum(PRIORITIES)
export const roleSchema = z.enum(ROLES)
