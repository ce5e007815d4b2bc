// The outbox insert: the messages a change's timeline events trigger, one per matching enabled
// subscription, stored by the same transaction or chained statement as the change itself, so a
// crash neither drops nor invents one. An INSERT … SELECT from the subscriptions, so it matches
// what is subscribed at the moment of the change, and joins a data-modifying WITH unchanged.
import { Prisma } from '@/lib/db/client'
import { RETRY_FOR_MS } from '../rules/retry'
import { webhookTypeOf } from '../rules/types'

export interface StoredEvent {
  id: string
  type: string
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
  // PostgreSQL takes a parameter in a SELECT list as text; SQLite stores the text as it is.
  const time = (t: Date) => (provider === 'postgresql' ? Prisma.sql`CAST(${t} AS TIMESTAMP(3))` : Prisma.sql`${t}`)
  const at = time(now)
  const until = time(new Date(now.getTime() + RETRY_FOR_MS))
  return Prisma.sql`INSERT INTO "WebhookMessage" ("id", "subscriptionId", "incidentId", "eventId", "type", "state", "createdAt", "nextAttemptAt", "retryUntil", "attempts")
    SELECT 'msg_' || substr(e."eventId", 5) || substr(s."id", 5), s."id", ${incident.id}, e."eventId", e."type", 'pending', ${at}, ${at}, ${until}, 0
    FROM (${Prisma.join(sending, ' UNION ALL ')}) AS e
    JOIN "WebhookSubscription" AS s ON s."enabled" = ${true}
      AND (s."events" = ' * ' OR s."events" LIKE '% ' || e."type" || ' %')
      AND (s."serviceIds" IS NULL OR s."serviceIds" LIKE ${`% ${incident.serviceId} %`})`
}
