// Resolves the incidents benchmark runs created (their titles start with "Bench incident"), through
// the domain's own update, so counts and timelines stay exact. Without it every run would add a
// few thousand active incidents to a data set that has a few hundred by design, and the on-call
// view (and the baseline's COUNT(*) of it) would measure something else run after run.
import type { Db } from '@/lib/db/client'
import { updateIncident } from '@/lib/incidents/commands'

export async function resolveBenchIncidents(db: Db): Promise<number> {
  const actor = { type: 'system', name: 'benchmark' } as const
  let resolved = 0
  for (;;) {
    const batch = await db.read.incident.findMany({
      where: { active: true, title: { startsWith: 'Bench incident' } },
      select: { id: true },
      take: 1000,
    })
    for (const { id } of batch) await updateIncident(db, actor, id, { status: 'RESOLVED' })
    resolved += batch.length
    if (batch.length < 1000) return resolved
  }
}
