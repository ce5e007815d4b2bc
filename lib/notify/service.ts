// What a server process runs for notifications: the delivery worker, and the sweep that keeps the
// delivery log to its 7 days.
import type { Db } from '@/lib/db/client'
import { whenStopping } from '@/lib/server/shutdown'
import { purgeDeliveries } from './store/messages'
import { DeliveryWorker } from './worker'

export const DELIVERY_LOG_KEPT_MS = 7 * 24 * 3_600_000

export function startDeliveryWorker(db: () => Promise<Db>): DeliveryWorker {
  const worker = new DeliveryWorker(db)
  worker.start()
  whenStopping(() => worker.stop())
  return worker
}

export const purgeOldDeliveries = (db: Db, now = new Date()) => purgeDeliveries(db, new Date(now.getTime() - DELIVERY_LOG_KEPT_MS))
