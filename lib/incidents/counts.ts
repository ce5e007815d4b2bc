// Exact incident totals per (service, status), kept in step with every write in the writer's own
// transaction, so list totals are sums over a few rows instead of COUNT(*) over millions.
import type { Tx } from '@/lib/db/client'
import { STATUSES } from '@/lib/schemas/enums'

export async function adjustCount(tx: Tx, serviceId: string, status: string, delta: number): Promise<void> {
  // The row nearly always exists (initCounts): one plain UPDATE, the upsert only when it does not.
  const changed = await tx.$executeRaw`UPDATE "IncidentCount" SET "count" = "count" + ${delta}
    WHERE "serviceId" = ${serviceId} AND "status" = ${status}`
  if (changed) return
  await tx.incidentCount.upsert({
    where: { serviceId_status: { serviceId, status } },
    create: { serviceId, status, count: delta },
    update: { count: { increment: delta } },
  })
}

export async function moveCount(tx: Tx, serviceId: string, from: string, to: string): Promise<void> {
  if (from === to) return
  await adjustCount(tx, serviceId, from, -1)
  await adjustCount(tx, serviceId, to, 1)
}

/** Every new service starts with a zero row per status, so later writes only ever update. */
export async function initCounts(tx: Tx, serviceId: string): Promise<void> {
  await tx.incidentCount.createMany({ data: STATUSES.map((status) => ({ serviceId, status, count: 0 })) })
}
