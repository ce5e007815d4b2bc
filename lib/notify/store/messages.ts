// The delivery worker's statements: claim due messages with a lease (a compare-and-set, so with
// any number of instances each attempt is made by one of them), record an attempt and its
// outcome, and sweep what is older than the 7 days the log keeps.
import { Prisma, type Db } from '@/lib/db/client'
import { execute, queryRows } from '@/lib/db/statements'
import { newId } from '@/lib/ids'
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
 * Leases up to `limit` due messages of enabled subscriptions (and emails, when `email`) to `owner`
 * until `leaseUntil`, at most `perSubscription` of any one endpoint (a subscription, or the mail
 * server) and none of `skip`'s (whose endpoints are busy here). The outer WHERE repeats the lease
 * test: on PostgreSQL, a claimer that waited for another one's row lock re-reads the row and finds
 * it leased, so the two never hold the same message. The window runs over the earliest due
 * messages only (the innermost LIMIT): over every due one, a backlog of thousands made each claim
 * sort them all.
 */
export async function claimDue(
  db: Db,
  opts: { owner: string; now: Date; leaseUntil: Date; limit: number; perSubscription: number; skip: string[]; email: boolean },
): Promise<ClaimedMessage[]> {
  const { now } = opts
  const endpoint = Prisma.sql`COALESCE(m."subscriptionId", ${EMAIL_ENDPOINT})`
  const skip = opts.skip.length ? Prisma.sql`AND ${endpoint} NOT IN (${Prisma.join(opts.skip)})` : Prisma.empty
  const sendable = opts.email ? Prisma.sql`(s."enabled" = ${true} OR m."kind" = 'email')` : Prisma.sql`s."enabled" = ${true}`
  // `"state" || ''`: the same test, but not one SQLite can answer from the (state, nextAttemptAt)
  // index, so it finds the chosen rows by their ids instead of walking every pending message.
  const claimable = Prisma.sql`"state" || '' = 'pending' AND "nextAttemptAt" <= ${now} AND ("leaseUntil" IS NULL OR "leaseUntil" < ${now})`
  return db.transaction(async (tx) => {
    const claimed = await queryRows<{ id: string }>(
      tx,
      Prisma.sql`UPDATE "WebhookMessage" SET "leaseOwner" = ${opts.owner}, "leaseUntil" = ${opts.leaseUntil}
      WHERE "id" IN (
        SELECT "id" FROM (
          SELECT "id", ROW_NUMBER() OVER (PARTITION BY "endpoint" ORDER BY "nextAttemptAt", "id") AS "rank" FROM (
            SELECT m."id", m."nextAttemptAt", ${endpoint} AS "endpoint"
            FROM "WebhookMessage" AS m LEFT JOIN "WebhookSubscription" AS s ON s."id" = m."subscriptionId"
            WHERE ${sendable} AND m."state" = 'pending' AND m."nextAttemptAt" <= ${now} AND (m."leaseUntil" IS NULL OR m."leaseUntil" < ${now}) ${skip}
            ORDER BY m."nextAttemptAt" LIMIT ${opts.limit * 10}
          ) AS due
        ) AS ranked WHERE "rank" <= ${opts.perSubscription} LIMIT ${opts.limit}
      ) AND ${claimable}
      RETURNING "id"`,
    )
    if (!claimed.length) return []
    return queryRows<ClaimedMessage>(
      tx,
      Prisma.sql`SELECT m."id", m."kind", m."subscriptionId", m."incidentId", m."eventId", m."type", m."retryUntil", m."attempts", m."body",
        s."url", s."secret", s."format", m."recipientId", u."email" AS "recipientEmail", u."name" AS "recipientName"
      FROM "WebhookMessage" AS m LEFT JOIN "WebhookSubscription" AS s ON s."id" = m."subscriptionId"
        LEFT JOIN "User" AS u ON u."id" = m."recipientId"
      WHERE m."id" IN (${Prisma.join(claimed.map((c) => c.id))})`,
    )
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

/**
 * Records an attempt of a message leased to `owner` and what follows: delivered, failed for good,
 * or pending again at `next`. A lease that ran out and passed to another instance records nothing
 * (its attempt is that instance's to make). The subscription's failure clock starts at its first
 * failure, stops at a success, and turns it off once it has run `disableAfterMs`.
 */
export async function recordAttempt(
  db: Db,
  m: { id: string; subscriptionId: string | null; owner: string; body: string },
  attempt: AttemptRecord,
  next: Date | null,
  disableAfterMs: number,
): Promise<boolean> {
  const state = attempt.outcome === 'delivered' ? 'delivered' : next ? 'pending' : 'failed'
  return db.transaction(async (tx) => {
    const updated = await execute(
      tx,
      Prisma.sql`UPDATE "WebhookMessage" SET "state" = ${state}, "attempts" = "attempts" + 1, "nextAttemptAt" = ${next ?? attempt.at},
        "leaseOwner" = NULL, "leaseUntil" = NULL, "body" = ${m.body}
      WHERE "id" = ${m.id} AND "leaseOwner" = ${m.owner}`,
    )
    if (updated !== 1) return false
    await execute(
      tx,
      Prisma.sql`INSERT INTO "WebhookAttempt" ("id", "messageId", "at", "status", "outcome", "error", "durationMs", "response")
      VALUES (${newId('att')}, ${m.id}, ${attempt.at}, ${attempt.status}, ${attempt.outcome}, ${attempt.error}, ${attempt.durationMs}, ${attempt.response})`,
    )
    // An email has no subscription to keep a failure clock on.
    if (m.subscriptionId === null) return true
    if (attempt.outcome === 'delivered') {
      await execute(tx, Prisma.sql`UPDATE "WebhookSubscription" SET "failingSince" = NULL WHERE "id" = ${m.subscriptionId} AND "failingSince" IS NOT NULL`)
    } else {
      await execute(
        tx,
        Prisma.sql`UPDATE "WebhookSubscription" SET "failingSince" = ${attempt.at} WHERE "id" = ${m.subscriptionId} AND "failingSince" IS NULL`,
      )
      await execute(
        tx,
        Prisma.sql`UPDATE "WebhookSubscription" SET "enabled" = ${false}, "disabledReason" = 'failing', "updatedAt" = ${attempt.at}
        WHERE "id" = ${m.subscriptionId} AND "enabled" = ${true} AND "failingSince" <= ${new Date(attempt.at.getTime() - disableAfterMs)}`,
      )
    }
    return true
  })
}

/** Deletes attempts, and finished messages, older than `before` (the log keeps 7 days). */
export async function purgeDeliveries(db: Db, before: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await execute(tx, Prisma.sql`DELETE FROM "WebhookAttempt" WHERE "at" < ${before}`)
    await execute(tx, Prisma.sql`DELETE FROM "WebhookMessage" WHERE "state" <> 'pending' AND "nextAttemptAt" < ${before}`)
  })
}
