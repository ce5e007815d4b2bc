// Webhook subscriptions: create (the secret is in that one answer), list, change, delete, send a
// test, read the delivery log, redeliver. The API routes and `ops webhooks` both call these.
import { lookup } from 'node:dns/promises'
import type { Db } from '@/lib/db/client'
import { env } from '@/lib/env'
import { invalidField, notFound } from '@/lib/errors'
import { MAX_ID_LENGTH, newId } from '@/lib/ids'
import type { CreateWebhookInput, Delivery, UpdateWebhookInput, Webhook } from '@/lib/schemas/webhooks'
import { post, type AttemptResult } from './deliver'
import { isIpLiteral, isPublicAddress } from './rules/address'
import { RETRY_FOR_MS } from './rules/retry'
import { newSecret, signedHeaders } from './rules/signature'
import * as store from './store/subscriptions'

/** Space-delimited on both ends: the outbox insert matches " type " with one LIKE. */
const delimited = (list: string[]) => ` ${[...new Set(list)].join(' ')} `
const undelimited = (text: string) => text.trim().split(' ').filter(Boolean)

function toWebhook(r: store.SubscriptionRow): Webhook {
  return {
    id: r.id,
    url: r.url,
    events: undelimited(r.events),
    serviceIds: r.serviceIds === null ? null : undelimited(r.serviceIds),
    format: r.format as Webhook['format'],
    enabled: r.enabled,
    disabledReason: r.disabledReason,
    failingSince: r.failingSince?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

/**
 * The address rule at save: an IP literal, or every address the name resolves to now, must be
 * public (unless WEBHOOK_ALLOW_PRIVATE=1). A name that does not resolve is accepted; delivery checks again.
 */
async function checkUrl(url: string): Promise<void> {
  if (env().WEBHOOK_ALLOW_PRIVATE) return
  const host = new URL(url).hostname
  const refuse = () => invalidField('url', 'must not point at a loopback, private or link-local address')
  if (isIpLiteral(host)) {
    if (!isPublicAddress(host)) throw refuse()
    return
  }
  const addresses = await lookup(host, { all: true }).catch(() => [])
  if (addresses.some((a) => !isPublicAddress(a.address))) throw refuse()
}

async function checkServices(db: Db, ids: string[] | null | undefined): Promise<void> {
  if (!ids) return
  const known = new Set(await store.existingServiceIds(db, ids))
  const missing = ids.find((id) => !known.has(id))
  if (missing !== undefined) throw invalidField('serviceIds', `no service with id ${missing}`)
}

async function load(db: Db, id: string): Promise<store.SubscriptionRow> {
  const row = id && id.length <= MAX_ID_LENGTH ? await store.findSubscription(db, id) : null
  if (!row) throw notFound('webhook')
  return row
}

export async function createWebhook(db: Db, input: CreateWebhookInput, now = new Date()): Promise<Webhook & { secret: string }> {
  await checkUrl(input.url)
  await checkServices(db, input.serviceIds)
  const secret = newSecret()
  const row = await store.insertSubscription(db, {
    id: newId('whk'),
    url: input.url,
    events: delimited(input.events.includes('*') ? ['*'] : input.events),
    serviceIds: input.serviceIds ? delimited(input.serviceIds) : null,
    format: input.format,
    enabled: input.enabled,
    secret,
    disabledReason: null,
    failingSince: null,
    createdAt: now,
    updatedAt: now,
  })
  return { ...toWebhook(row), secret }
}

export const listWebhooks = async (db: Db): Promise<Webhook[]> => (await store.listSubscriptions(db)).map(toWebhook)

export async function updateWebhook(db: Db, id: string, input: UpdateWebhookInput, now = new Date()): Promise<Webhook> {
  await load(db, id)
  if (input.url !== undefined) await checkUrl(input.url)
  await checkServices(db, input.serviceIds)
  const data: Partial<store.SubscriptionRow> = { updatedAt: now }
  if (input.url !== undefined) data.url = input.url
  if (input.events !== undefined) data.events = delimited(input.events.includes('*') ? ['*'] : input.events)
  if (input.serviceIds !== undefined) data.serviceIds = input.serviceIds ? delimited(input.serviceIds) : null
  if (input.format !== undefined) data.format = input.format
  // Turning it on again starts the failure clock afresh.
  if (input.enabled !== undefined) Object.assign(data, { enabled: input.enabled }, input.enabled ? { disabledReason: null, failingSince: null } : {})
  return toWebhook(await store.saveSubscription(db, id, data))
}

export async function deleteWebhook(db: Db, id: string): Promise<void> {
  await load(db, id)
  await store.deleteSubscription(db, id)
}

/**
 * Sends a signed `webhook.test` message at once and answers how it went. Not stored and not
 * retried: it shows whether the endpoint answers now.
 */
export async function testWebhook(db: Db, id: string, now = new Date()): Promise<AttemptResult> {
  const row = await load(db, id)
  const messageId = `msg_test_${newId('att').slice(4)}`
  const body = JSON.stringify({ type: 'webhook.test', timestamp: now.toISOString(), data: { webhookId: row.id } })
  return post(row.url, body, signedHeaders(row.secret, messageId, body, now), { allowPrivate: env().WEBHOOK_ALLOW_PRIVATE })
}

const DELIVERIES_SHOWN = 100

export async function listDeliveries(db: Db, id: string): Promise<Delivery[]> {
  await load(db, id)
  return (await store.recentMessages(db, id, DELIVERIES_SHOWN)).map((m) => ({
    id: m.id,
    type: m.type,
    incidentId: m.incidentId,
    eventId: m.eventId,
    state: m.state as Delivery['state'],
    createdAt: m.createdAt.toISOString(),
    nextAttemptAt: m.state === 'pending' ? m.nextAttemptAt.toISOString() : null,
    attempts: m.deliveryAttempts.map((a) => ({
      at: a.at.toISOString(),
      status: a.status,
      outcome: a.outcome as Delivery['attempts'][number]['outcome'],
      error: a.error,
      durationMs: a.durationMs,
      response: a.response,
    })),
  }))
}

/** Queues a message again (same webhook-id, same body), due now with 24 more hours of retries. */
export async function redeliver(db: Db, id: string, deliveryId: string, now = new Date()): Promise<void> {
  await load(db, id)
  const { count } = await store.requeueMessage(db, id, deliveryId, now, new Date(now.getTime() + RETRY_FOR_MS))
  if (!count) throw notFound('delivery')
}
