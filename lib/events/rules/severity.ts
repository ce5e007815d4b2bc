// Severity → urgency: what pages someone now (HIGH) and what waits (LOW).
import type { Urgency } from '@/lib/schemas/enums'

/** PagerDuty's severities `critical` and `error` are HIGH, `warning` and `info` LOW. */
export const urgencyOfSeverity = (severity: string | null | undefined): Urgency =>
  severity === 'critical' || severity === 'error' ? 'HIGH' : 'LOW'

/** Alertmanager's `severity` label: `critical` and `page` are HIGH, anything else (or none) LOW. */
export const urgencyOfLabel = (label: string | null | undefined): Urgency => {
  const s = label?.trim().toLowerCase()
  return s === 'critical' || s === 'page' ? 'HIGH' : 'LOW'
}
