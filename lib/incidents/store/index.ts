// The incident store: every statement the incident domain runs, and every difference between
// SQLite and PostgreSQL, behind these few calls. The commands and queries beside it call nothing
// else of the database; the rules (../rules) know nothing of it.
export type { Db, Tx } from '@/lib/db/client'
export { RetryTransaction } from '@/lib/db/client'
export { initCounts } from './counts'
export { changeIfNeeded, insertIncident, updateIncidentRow, type NewIncident, type Update } from './writes'
export { countPerStatus, dueSnoozes, findEventsWithIncidents, findRow, findUser, findWithTimeline, readPage, type CountFilters, type Reader } from './reads'
export { changeMarker, readState, type ReadState } from './state'
export { findNotes } from './notes'
export { markOf } from './escalation'
