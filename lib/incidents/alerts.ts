// Alerts into incidents: the incident domain's entry point for ingestion. A trigger folds into
// the unresolved incident holding its dedup key or opens one; acknowledge and resolve act as a
// PATCH would. The unique index over the unresolved incidents' keys decides races between
// simultaneous triggers, on any number of instances: the loser of an insert folds instead.
import { randomUUID } from 'node:crypto'
import { isUniqueViolation } from '@/lib/db/errors'
import { AppError, notFound } from '@/lib/errors'
import { MAX_ID_LENGTH } from '@/lib/ids'
import type { AlertAction, AlertView } from '@/lib/schemas/events'
import type { Actor } from '@/lib/schemas/incidents'
import type { Urgency } from '@/lib/schemas/enums'
import { createIncident, updateIncident, type Alongside } from './commands'
import type { IncidentRow } from './rules/serialize'
import type { Db } from './store'
import { alertWrites, findOpenByKey, foldAlert, listAlerts, recordAlertOn, type AlertRecord } from './store/alerts'

/** One ingested event, whichever endpoint it came through (lib/events normalizes the bodies). */
export interface AlertEvent {
  action: AlertAction
  dedupKey: string | null
  source: NonNullable<IncidentRow['source']>
  /** For an incident the event opens. */
  title: string
  description: string | null
  urgency: Urgency
  /** What the incident's alert list shows. */
  alert: Omit<AlertRecord, 'action'>
}

export interface AlertOutcome {
  dedupKey: string
  incidentId: string | null
}

// Each lost race means another request opened the incident, so the next fold finds it.
const ATTEMPTS = 5

export async function ingestAlert(db: Db, actor: Actor, serviceId: string, event: AlertEvent, now = new Date()): Promise<AlertOutcome> {
  const dedupKey = event.dedupKey ?? randomUUID()
  const alert: AlertRecord = { ...event.alert, action: event.action }
  if (event.action !== 'trigger') {
    const id = await findOpenByKey(db.read, serviceId, dedupKey)
    if (!id) return { dedupKey, incidentId: null }
    // The alert is written with the change it causes, all or nothing.
    const alongside: Alongside = { statements: (at, chained) => alertWrites(id, at, alert, chained), written: false }
    try {
      await updateIncident(db, actor, id, { status: event.action === 'acknowledge' ? 'ACKNOWLEDGED' : 'RESOLVED' }, { now, alongside })
    } catch (e) {
      // Acknowledging a snoozed incident, say: the event changes nothing, as a PATCH would refuse.
      if (!(e instanceof AppError && (e.code === 'INVALID_TRANSITION' || e.code === 'NOT_FOUND'))) throw e
    }
    // An event that changed nothing (already resolved, refused) still shows in the alerts.
    if (!alongside.written) await recordAlertOn(db, id, now, alert)
    return { dedupKey, incidentId: id }
  }
  for (let attempt = 0; ; attempt++) {
    const folded = await foldAlert(db, serviceId, dedupKey, now, alert)
    if (folded) return { dedupKey, incidentId: folded }
    try {
      const { incident } = await createIncident(
        db,
        actor,
        { title: event.title, description: event.description, serviceId, urgency: event.urgency },
        { now, origin: { dedupKey, source: event.source }, alongside: (id, chained) => alertWrites(id, now, alert, chained) },
      )
      return { dedupKey, incidentId: incident.id }
    } catch (e) {
      if (!isUniqueViolation(e) || attempt + 1 >= ATTEMPTS) throw e
    }
  }
}

export async function incidentAlerts(db: Db, id: string): Promise<AlertView[]> {
  const rows = id && id.length <= MAX_ID_LENGTH ? await listAlerts(db.read, id) : null
  if (!rows) throw notFound('incident')
  return rows.map((r) => {
    let details: Record<string, unknown> = {}
    try {
      details = JSON.parse(r.details)
    } catch {
      // Written by this code as JSON; an unreadable value shows as empty.
    }
    return { receivedAt: r.receivedAt.toISOString(), action: r.action as AlertAction, summary: r.summary, severity: r.severity, source: r.source, details }
  })
}
