// Local wall-clock times in an IANA zone, through Luxon (no offset arithmetic here).
import { DateTime, IANAZone } from 'luxon'

export const HANDOFF_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/

export const isTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone)

export interface LocalDate {
  year: number
  month: number
  day: number
}

/**
 * The instant a local `HH:MM` occurs on a local date. Where the clock skips that time (spring
 * forward) the instant is as far past the gap's start as the time was (02:30 in a 02:00→03:00 gap
 * is 03:30) and `exact` is false; where it occurs twice (fall back) the first occurrence counts.
 * These are the rules of RFC 5545 and of Temporal's `disambiguation: 'compatible'`.
 */
export function localInstant(date: LocalDate, handoff: string, zone: string): { at: DateTime; exact: boolean } {
  const m = HANDOFF_PATTERN.exec(handoff)
  if (!m) throw new RangeError(`not a HH:MM time: ${handoff}`)
  const hour = Number(m[1])
  const minute = Number(m[2])
  // Luxon resolves a skipped time forward by the gap's length, and lists both instants of a doubled one.
  const first = DateTime.fromObject({ ...date, hour, minute }, { zone })
    .getPossibleOffsets()
    .reduce((a, b) => (b < a ? b : a))
  return { at: first, exact: first.hour === hour && first.minute === minute }
}

/** The local calendar date of an instant in a zone. */
export function localDate(at: Date | DateTime, zone: string): LocalDate {
  const d = at instanceof Date ? DateTime.fromJSDate(at, { zone }) : at.setZone(zone)
  return { year: d.year, month: d.month, day: d.day }
}

/** A calendar date plus whole days (month ends and leap years included); no zone involved. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days))
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}

/** The zone's UTC offset in minutes at an instant (Luxon's zone data). */
export const offsetAt = (zone: string) => {
  const z = IANAZone.create(zone)
  return (ms: number) => z.offset(ms)
}
