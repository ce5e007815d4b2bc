// The incident's escalation columns (lib/escalation decides them): how a change writes them, and
// the reads the escalation sweep makes through the incident domain.
import { Prisma, type Db } from '@/lib/db/client'
import type { EscalationMark } from '@/lib/escalation/rules/engine'
import type { Reader } from './reads'

/**
 * A due time, written only while the incident's service has an escalation policy (else NULL):
 * an incident of a service without one never enters the sweep's index range.
 */
export function dueWhileEscalating(provider: Db['provider'], serviceId: string, dueAt: Date | null): Prisma.Sql | null {
  if (dueAt === null) return null
  // PostgreSQL types an untyped parameter in a sub-select as text; SQLite keeps dates as text.
  const value = provider === 'postgresql' ? Prisma.sql`CAST(${dueAt} AS TIMESTAMP(3))` : Prisma.sql`${dueAt}`
  return Prisma.sql`(SELECT ${value} FROM "Service" WHERE "id" = ${serviceId} AND "escalationPolicyId" IS NOT NULL)`
}

/** The columns a change's escalation mark writes (none when it has none). */
export function escalationColumns(provider: Db['provider'], serviceId: string, mark: EscalationMark | undefined): Record<string, unknown> {
  if (!mark) return {}
  return { escalationDueAt: dueWhileEscalating(provider, serviceId, mark.dueAt), escalationStep: mark.step, escalationPass: mark.pass }
}

/** The incident's escalation columns, selected together. */
export const ESCALATION_COLUMNS = { escalationDueAt: true, escalationStep: true, escalationPass: true } as const

export interface EscalationColumns {
  escalationDueAt: Date | null
  escalationStep: number
  escalationPass: number
}

/** The columns as the escalation engine's mark: the 0-based position due next, and when. */
export const markOf = (r: EscalationColumns): EscalationMark => ({ dueAt: r.escalationDueAt, step: r.escalationStep, pass: r.escalationPass })

export interface EscalationState {
  dueAt: Date | null
  step: number
  pass: number
  /** The policy of the incident's service, read with the state. */
  policyId: string | null
}

export async function escalationState(reader: Reader, id: string): Promise<EscalationState | null> {
  const r = await reader.incident.findUnique({
    where: { id },
    select: { ...ESCALATION_COLUMNS, service: { select: { escalationPolicyId: true } } },
  })
  return r && { ...markOf(r), policyId: r.service.escalationPolicyId }
}

/** Up to `batch` incidents whose next escalation step is due by `now`, the longest overdue first (an index range). */
export async function dueEscalations(db: Db, now: Date, batch: number): Promise<string[]> {
  const due = await db.read.incident.findMany({
    where: { escalationDueAt: { lte: now } },
    select: { id: true },
    orderBy: { escalationDueAt: 'asc' },
    take: batch,
  })
  return due.map((d) => d.id)
}
