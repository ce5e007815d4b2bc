// The delivery worker's statements: claim due messages with a lease (a compare-and-set, so with
// any number of instances each attempt is made by one of them), record attempts and their
// outcomes, and sweep what is older than the 7 days the log keeps.
import { Prisma, type Db } from '@/lib/db/client'
import { execute, queryRows } from '@/lib/db/statements'
import { newId } from '@/lib/ids'
import { failureClockMoves } from '../rules/failureClock'
import type { Outcome } from '../rules/retry'
import type { WebhookFormat } from '../rules/payload'

interface Claimed {
  id: string
  incidentId: string
  eventId: string
  type: string
  retryUntil: Date
  attempts: number
  body: string | null
}

/** A webhook to a subscription's endpoint, or an email to a user. */
export type ClaimedMessage =
  | (Claimed & { kind: 'webhook'; subscriptionId: string; url: string; secret: string; format: WebhookFormat })
  | (Claimed & { kind: 'email'; subscriptionId: null; recipientId: string; recipientEmail: string; recipientName: string })

/** Where a message goes, for the per-endpoint limit: its subscription, or the mail server. */
export const EMAIL_ENDPOINT = 'email'
export const endpointOf = (m: ClaimedMessage) => m.subscriptionId ?? EMAIL_ENDPOINT

/**
 * Leases due messages to `owner` until `leaseUntil`: for each enabled subscription (and the mail
 * server, when `email`), its earliest due messages, at most `room(endpoint)` of them and `limit` in
 * all. Each endpoint is its own index range of (subscriptionId, state, nextAttemptAt), so a claim
 * reads only the rows it takes (plus any leased to others), however many messages another endpoint
 * has piled up. The outer WHERE repeats the lease test: on PostgreSQL, a claimer that waited for
 * another one's row lock re-reads the row and finds it leased, so the two never hold the same one.
 * PostgreSQL claims and reads the claimed messages in one statement (one round trip).
 */
export async function claimDue(
  db: Db,
  opts: { owner: string; now: Date; leaseUntil: Date; limit: number; room: (endpoint: string) => number; email: boolean; turn: number },
): Promise<ClaimedMessage[]> {
  const { now } = opts
  const due = Prisma.sql`"state" = 'pending' AND "nextAttemptAt" <= ${now} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})`
  const enabledSql = Prisma.sql`SELECT "id" FROM "WebhookSubscription" WHERE "enabled" = ${true} ORDER BY "id"`
  const lease = (enabled: { id: string }[]): Prisma.Sql | null => {
    const endpoints = [...enabled.map((s) => s.id), ...(opts.email ? [EMAIL_ENDPOINT] : [])]
    // Starting at a different endpoint each time, so a cap reached early starves none of them.
    const ranges: Prisma.Sql[] = []
    let left = opts.limit
    for (let i = 0; i < endpoints.length && left > 0; i++) {
      const endpoint = endpoints[(opts.turn + i) % endpoints.length]!
      const take = Math.min(opts.room(endpoint), left)
      if (take <= 0) continue
      left -= take
      const which = endpoint === EMAIL_ENDPOINT ? Prisma.sql`"subscriptionId" IS NULL AND "kind" = 'email'` : Prisma.sql`"subscriptionId" = ${endpoint}`
      ranges.push(Prisma.sql`SELECT "id" FROM (SELECT "id" FROM "WebhookMessage" WHERE ${which} AND ${due} ORDER BY "nextAttemptAt" LIMIT ${take}) AS ${Prisma.raw(`"e${ranges.length}"`)}`)
    }
    if (!ranges.length) return null
    return Prisma.sql`UPDATE "WebhookMessage" SET "leaseOwner" = ${opts.owner}, "leaseUntil" = ${opts.leaseUntil}
      WHERE "id" IN (${Prisma.join(ranges, ' UNION ALL ')}) AND ${due}`
  }
  const read = Prisma.sql`SELECT m."id", m."kind", m."subscriptionId", m."incidentId", m."eventId", m."type", m."retryUntil", m."attempts", m."body",
      s."url", s."secret", s."format", m."recipientId", u."email" AS "recipientEmail", u."name" AS "recipientName"`
  const joins = Prisma.sql`LEFT JOIN "WebhookSubscription" AS s ON s."id" = m."subscriptionId" LEFT JOIN "User" AS u ON u."id" = m."recipientId"`
  if (db.provider === 'postgresql') {
    const update = lease(await queryRows<{ id: string }>(db.read, enabledSql))
    if (!update) return []
    return db.atomic((write) => write<ClaimedMessage>(Prisma.sql`WITH "claimed" AS (${update} RETURNING *) ${read} FROM "claimed" AS m ${joins}`))
  }
  return db.transaction(async (tx) => {
    const update = lease(await queryRows<{ id: string }>(tx, enabledSql))
    if (!update) return []
    const claimed = await queryRows<{ id: string }>(tx, Prisma.sql`${update} RETURNING "id"`)
    if (!claimed.length) return []
    return queryRows<ClaimedMessage>(tx, Prisma.sql`${read} FROM "WebhookMessage" AS m ${joins} WHERE m."id" IN (${Prisma.join(claimed.map((c) => c.id))})`)
  })
}

export interface AttemptRecord {
  at: Date
  status: number | null
  outcome: Outcome
  error: string | null
  durationMs: number
  response: string | null
}

/** One finished attempt of a message leased to `owner`, and when to try again (null: never). */
export interface FinishedAttempt {
  message: { id: string; subscriptionId: string | null; owner: string; body: string }
  attempt: AttemptRecord
  next: Date | null
}

/**
 * Records attempts, in the order they were made, in one transaction, and what follows each:
 * delivered, failed for good, or pending again at `next`. An attempt whose lease ran out and
 * passed to another instance records nothing (that attempt is the other's to make): its entry in
 * the answer is false. Each subscription's failure clock moves as lib/notify/rules/failureClock.ts
 * says, and a subscription failing for `disableAfterMs` is turned off.
 */
export async function recordAttempts(db: Db, finished: readonly FinishedAttempt[], disableAfterMs: number): Promise<boolean[]> {
  return db.transaction(async (tx) => {
    const recorded: boolean[] = []
    for (const { message: m, attempt, next } of finished) {
      const state = attempt.outcome === 'delivered' ? 'delivered' : next ? 'pending' : 'failed'
      const updated = await execute(
        tx,
        Prisma.sql`UPDATE "WebhookMessage" SET "state" = ${state}, "attempts" = "attempts" + 1, "nextAttemptAt" = ${next ?? attempt.at},
          "leaseOwner" = NULL, "leaseUntil" = NULL, "body" = ${m.body}
        WHERE "id" = ${m.id} AND "leaseOwner" = ${m.owner}`,
      )
      recorded.push(updated === 1)
    }
    const kept = finished.filter((_, i) => recorded[i])
    if (!kept.length) return recorded
    await execute(
      tx,
      Prisma.sql`INSERT INTO "WebhookAttempt" ("id", "messageId", "at", "status", "outcome", "error", "durationMs", "response")
      VALUES ${Prisma.join(kept.map(({ message: m, attempt: a }) => Prisma.sql`(${newId('att')}, ${m.id}, ${a.at}, ${a.status}, ${a.outcome}, ${a.error}, ${a.durationMs}, ${a.response})`))}`,
    )
    for (const [subscriptionId, move] of failureClockMoves(kept.flatMap(({ message: m, attempt: a }) => (m.subscriptionId ? [{ subscriptionId: m.subscriptionId, at: a.at, delivered: a.outcome === 'delivered' }] : [])))) {
      if (move.kind === 'stop') {
        await execute(tx, Prisma.sql`UPDATE "WebhookSubscription" SET "failingSince" = NULL WHERE "id" = ${subscriptionId} AND "failingSince" IS NOT NULL`)
        continue
      }
      // A success in this batch restarted the clock at the first failure after it; without one,
      // a clock already running keeps its start.
      await execute(
        tx,
        move.kind === 'restart'
          ? Prisma.sql`UPDATE "WebhookSubscription" SET "failingSince" = ${move.since} WHERE "id" = ${subscriptionId}`
          : Prisma.sql`UPDATE "WebhookSubscription" SET "failingSince" = ${move.since} WHERE "id" = ${subscriptionId} AND "failingSince" IS NULL`,
      )
      await execute(
        tx,
        Prisma.sql`UPDATE "WebhookSubscription" SET "enabled" = ${false}, "disabledReason" = 'failing', "updatedAt" = ${move.last}
        WHERE "id" = ${subscriptionId} AND "enabled" = ${true} AND "failingSince" <= ${new Date(move.last.getTime() - disableAfterMs)}`,
      )
    }
    return recorded
  })
}

/** Deletes attempts, and finished messages, older than `before` (the log keeps 7 days). */
export async function purgeDeliveries(db: Db, before: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await execute(tx, Prisma.sql`DELETE FROM "WebhookAttempt" WHERE "at" < ${before}`)
    await execute(tx, Prisma.sql`DELETE FROM "WebhookMessage" WHERE "state" <> 'pending' AND "nextAttemptAt" < ${before}`)
  })
}
