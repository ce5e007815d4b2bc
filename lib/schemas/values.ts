// The contract's enumerations and its status table as plain values, free of zod, so the browser
// bundle can use them without carrying a validator. enums.ts builds the input schemas from these;
// lib/incidents/rules/transitions.ts enforces the table.
export const STATUSES = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'SNOOZED'] as const
export const URGENCIES = ['HIGH', 'LOW'] as const
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const
export const ROLES = ['viewer', 'responder', 'admin'] as const
/** How long a snooze may last, in minutes; without snoozeMinutes it lasts the default. */
export const SNOOZE_MINUTES = { min: 1, max: 10_080, default: 60 } as const

export const ACTIVE_STATUSES = ['OPEN', 'ACKNOWLEDGED', 'SNOOZED'] as const satisfies readonly Status[]

export type Status = (typeof STATUSES)[number]
export type Urgency = (typeof URGENCIES)[number]
export type Priority = (typeof PRIORITIES)[number]
export type Role = (typeof ROLES)[number]

/** Which status may follow which (the contract's table). RESOLVED only reopens. */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  OPEN: ['ACKNOWLEDGED', 'RESOLVED', 'SNOOZED'],
  ACKNOWLEDGED: ['OPEN', 'RESOLVED', 'SNOOZED'],
  SNOOZED: ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'],
  RESOLVED: ['OPEN'],
}

export const canTransition = (from: Status, to: Status) => TRANSITIONS[from].includes(to)

/** A note's length once trimmed (notes, and the `note` of a PATCH or a bulk change). */
export const NOTE_MAX = 10_000
/** How many incidents one bulk change may name. */
export const BULK_MAX_IDS = 200

/** The longest range one analytics request may ask for, in days (both ends included). */
export const MAX_ANALYTICS_DAYS = 366
/** The analytics range when none is asked for: the last 30 days, today included. */
export const DEFAULT_ANALYTICS_DAYS = 30
export const ANALYTICS_BUCKETS = ['day', 'week'] as const
export type AnalyticsBucket = (typeof ANALYTICS_BUCKETS)[number]
