// The answer of a bulk change: per incident, the status and body its own PATCH would have had.
import type { Settled } from '@/lib/incidents/bulk'
import type { BulkResult } from '@/lib/schemas/notes'
import { toErrorPayload } from './errors'

export function bulkResults(settled: Settled[], requestId: string): BulkResult[] {
  return settled.map((s) => {
    if (s.ok) return { id: s.id, status: 200, incident: s.result.incident }
    const { status, body } = toErrorPayload(s.error, requestId)
    return { id: s.id, status, error: body.error }
  })
}
