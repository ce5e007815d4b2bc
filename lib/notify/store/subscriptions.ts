// Subscriptions and their delivery log, through Prisma's model calls (admin traffic, not a hot path).
import type { Db } from '@/lib/db/client'

export type SubscriptionRow = NonNullable<Awaited<ReturnType<Db['read']['webhookSubscription']['findUnique']>>>

export const listSubscriptions = (db: Db) => db.read.webhookSubscription.findMany({ orderBy: { createdAt: 'asc' } })
export const findSubscription = (db: Db, id: string) => db.read.webhookSubscription.findUnique({ where: { id } })
export const insertSubscription = (db: Db, data: SubscriptionRow) => db.transaction((tx) => tx.webhookSubscription.create({ data }))
export const saveSubscription = (db: Db, id: string, data: Partial<SubscriptionRow>) =>
  db.transaction((tx) => tx.webhookSubscription.update({ where: { id }, data }))
export const deleteSubscription = (db: Db, id: string) => db.transaction((tx) => tx.webhookSubscription.deleteMany({ where: { id } }))
export const existingServiceIds = async (db: Db, ids: string[]) =>
  (await db.read.service.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((s) => s.id)

/** The newest messages of a subscription with their attempts, oldest attempt first. */
export const recentMessages = (db: Db, subscriptionId: string, take: number) =>
  db.read.webhookMessage.findMany({
    where: { subscriptionId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    include: { deliveryAttempts: { orderBy: { at: 'asc' } } },
  })

/** Makes a finished (or pending) message due now, with a fresh 24 hours of retries. */
export const requeueMessage = (db: Db, subscriptionId: string, id: string, now: Date, retryUntil: Date) =>
  db.transaction((tx) =>
    tx.webhookMessage.updateMany({
      where: { id, subscriptionId },
      data: { state: 'pending', nextAttemptAt: now, retryUntil, leaseOwner: null, leaseUntil: null },
    }),
  )

/** An incident's newest messages, with their subscription's URL and their last attempt. */
export const incidentMessages = (db: Db, incidentId: string, take: number) =>
  db.read.webhookMessage.findMany({
    where: { incidentId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take,
    include: { subscription: { select: { url: true } }, deliveryAttempts: { orderBy: { at: 'desc' }, take: 1 } },
  })
