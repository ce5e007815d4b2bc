// The outbox insert: the messages a change's timeline events trigger, one per matching enabled
// subscription, stored by the same transaction or chained statement as the change itself, so a
// crash neither drops nor invents one. An INSERT … SELECT from the subscriptions, so it matches
// what is subscribed at the moment of the change, and joins a data-modifying WITH unchanged.
import { Prisma } from '@/lib/db/client'
import { mailSettings } from '@/lib/env'
import { emailRecipients, type EmailingEvent } from '../rules/recipients'
import { RETRY_FOR_MS } from '../rules/retry'
import { webhookTypeOf } from '../rules/types'

export interface StoredEvent {
  id: string
  type: string
}

/** A change's time and its messages' retry limit, as values an INSERT … SELECT can store. */
function times(provider: 'sqlite' | 'postgresql', now: Date) {
  // PostgreSQL takes a parameter in a SELECT list as text; SQLite stores the text as it is.
  const time = (t: Date) => (provider === 'postgresql' ? Prisma.sql`CAST(${t} AS TIMESTAMP(3))` : Prisma.sql`${t}`)
  return { at: time(now), until: time(new Date(now.getTime() + RETRY_FOR_MS)) }
}

/**
 * The statement storing the messages of `events` (already written, ids known) for an incident of
 * `serviceId`, or null when none of them sends anything. Message ids are the event's and the
 * subscription's ids together: one message per (event, subscription), whoever retries the write.
 */
export function outboxInsert(
  provider: 'sqlite' | 'postgresql',
  incident: { id: string; serviceId: string },
  events: StoredEvent[],
  now: Date,
): Prisma.Sql | null {
  const sending = events.flatMap((e) => {
    const type = webhookTypeOf(e.type)
    return type ? [Prisma.sql`SELECT ${e.id} AS "eventId", ${type} AS "type"`] : []
  })
  if (!sending.length) return null
  const { at, until } = times(provider, now)
  return Prisma.sql`INSERT INTO "WebhookMessage" ("id", "subscriptionId", "incidentId", "eventId", "type", "state", "createdAt", "nextAttemptAt", "retryUntil", "attempts")
    SELECT 'msg_' || substr(e."eventId", 5) || substr(s."id", 5), s."id", ${incident.id}, e."eventId", e."type", 'pending', ${at}, ${at}, ${until}, 0
    FROM (${Prisma.join(sending, ' UNION ALL ')}) AS e
    JOIN "WebhookSubscription" AS s ON s."enabled" = ${true}
      AND (s."events" = ' * ' OR s."events" LIKE '% ' || e."type" || ' %')
      AND (s."serviceIds" IS NULL OR s."serviceIds" LIKE ${`% ${incident.serviceId} %`})`
}

/**
 * The statement storing the emails `events` (one change's, ids known) send, or null when they
 * send none or email is off (no SMTP_URL: nothing is queued). Recipients are enabled users at the
 * moment of the change; a person reached by several events gets one email, about the first
 * (`emailRecipients` orders them; the GROUP BY folds in admins reached by "nobody"). Ids are the
 * event's and the user's: one email per (event, person), whoever retries the write.
 */
export function emailOutboxInsert(
  provider: 'sqlite' | 'postgresql',
  incidentId: string,
  events: EmailingEvent[],
  now: Date,
): Prisma.Sql | null {
  if (!mailSettings()) return null
  const reached = emailRecipients(events)
  if (!reached.length) return null
  // Each reaching event's position, as text that sorts: the lowest a person has wins.
  const rank = (k: number) => String(k).padStart(3, '0')
  const candidates = reached.map((r, k) =>
    'admins' in r
      ? Prisma.sql`SELECT ${rank(k)} AS "rank", a."id" AS "userId" FROM "User" AS a WHERE a."role" = 'admin'`
      : Prisma.join(r.userIds.map((id) => Prisma.sql`SELECT ${rank(k)} AS "rank", ${id} AS "userId"`), ' UNION ALL '),
  )
  const pick = (value: (r: (typeof reached)[number]) => string) =>
    Prisma.sql`CASE r."rank" ${Prisma.join(reached.map((r, k) => Prisma.sql`WHEN ${rank(k)} THEN ${value(r)}`), ' ')} END`
  const typeOf = new Map(events.map((e) => [e.id, webhookTypeOf(e.type) ?? e.type]))
  const eventId = pick((r) => r.eventId)
  const { at, until } = times(provider, now)
  return Prisma.sql`INSERT INTO "WebhookMessage" ("id", "kind", "subscriptionId", "recipientId", "incidentId", "eventId", "type", "state", "createdAt", "nextAttemptAt", "retryUntil", "attempts")
    SELECT 'eml_' || substr(${eventId}, 5) || substr(r."userId", 5), 'email', NULL, r."userId", ${incidentId}, ${eventId}, ${pick((r) => typeOf.get(r.eventId)!)},
      'pending', ${at}, ${at}, ${until}, 0
    FROM (
      SELECT c."userId", MIN(c."rank") AS "rank"
      FROM (${Prisma.join(candidates, ' UNION ALL ')}) AS c JOIN "User" AS u ON u."id" = c."userId" AND u."disabledAt" IS NULL
      GROUP BY c."userId"
    ) AS r`
}
