// The triage order (the contract's `sort=triage`): what burns first comes first.
import type { ListQuery } from '@/lib/schemas/incidents'
import type { Status, Urgency } from '@/lib/schemas/values'

/** Statuses from most to least in need of a responder. */
export const TRIAGE_STATUSES: readonly Status[] = ['OPEN', 'ACKNOWLEDGED', 'SNOOZED', 'RESOLVED']
export const TRIAGE_URGENCIES: readonly Urgency[] = ['HIGH', 'LOW']

export interface TriageGroup {
  status: Status
  urgency: Urgency
  /** Position in the order: 0 burns first. */
  rank: number
}

/** Every (status, urgency) group, first to last; within a group the newest comes first. */
export const TRIAGE_GROUPS: readonly TriageGroup[] = TRIAGE_STATUSES.flatMap((status, s) =>
  TRIAGE_URGENCIES.map((urgency, u) => ({ status, urgency, rank: s * TRIAGE_URGENCIES.length + u })),
)

/** The groups a list's status and urgency filters leave, in order. */
export const triageGroups = (f: Pick<ListQuery, 'status' | 'urgency'>): TriageGroup[] =>
  TRIAGE_GROUPS.filter((g) => (!f.status || f.status.includes(g.status)) && (!f.urgency || f.urgency === g.urgency))
