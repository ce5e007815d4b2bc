// One line for the person who acted on a selection: how many changed and, for each that did not,
// its number and the server's own reason ("12 acknowledged, 2 failed: #41 …; #44 …").
import type { BulkResult } from '@/lib/schemas/notes'

export function bulkSummary(done: string, results: Pick<BulkResult, 'id' | 'status' | 'error'>[], numberOf: (id: string) => number | undefined): { ok: boolean; text: string } {
  const failed = results.filter((r) => r.status !== 200)
  const changed = `${results.length - failed.length} ${done.toLowerCase()}`
  if (!failed.length) return { ok: true, text: changed }
  const why = failed.map((r) => `#${numberOf(r.id) ?? r.id} ${r.error?.message ?? `answered ${r.status}`}`)
  return { ok: false, text: `${changed}, ${failed.length} failed: ${why.join('; ')}` }
}
