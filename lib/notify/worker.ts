// The delivery worker, one per server process: claims due messages with a lease, sends each (a
// webhook over HTTP, an email over SMTP) with at most PER_ENDPOINT in flight per subscription, and
// as many to the mail server (so one slow endpoint holds back only itself; a claim may take a few
// more of an endpoint than it has room for, and those wait here, leased, for a free slot),
// records every attempt and schedules the retry by lib/notify/rules/retry.ts. Nothing it needs is
// kept in memory: a killed instance's leased messages are taken over by any other after the lease.
import { randomBytes } from 'node:crypto'
import type { Db } from '@/lib/db/client'
import { appUrl, env, mailSettings } from '@/lib/env'
import { getIncident } from '@/lib/incidents/queries'
import { describeError, log } from '@/lib/log'
import { post, type AttemptResult } from './deliver'
import { sendMail } from './mail'
import { signAckLink } from './rules/ackLink'
import { emailFor, type Email } from './rules/email'
import { bodyFor } from './rules/payload'
import { DISABLE_AFTER_MS, classify, classifySmtp, nextAttemptAt, retryAfterMs, type Outcome } from './rules/retry'
import { signedHeaders } from './rules/signature'
import type { WebhookEventType } from './rules/types'
import { claimDue, endpointOf, recordAttempt, type ClaimedMessage } from './store/messages'

const PER_ENDPOINT = 4
const MAX_IN_FLIGHT = 64
// The lease (NOTIFY_LEASE_MS, at least 30 s) outlasts what a claimed message can take here: at
// most one attempt's timeout waiting for a slot of its endpoint, then its own attempt. So a live
// instance never loses a lease it is using.

type Webhook = Extract<ClaimedMessage, { kind: 'webhook' }>
type EmailMessage = Extract<ClaimedMessage, { kind: 'email' }>

/** The incident a message is about, and the timeline event it reports. */
async function subjectOf(db: Db, m: ClaimedMessage) {
  const { incident } = await getIncident(db, m.incidentId)
  const { timeline, ...rest } = incident
  const event = timeline.find((e) => e.id === m.eventId)
  if (!event) throw new Error(`event ${m.eventId} of message ${m.id} not found`)
  return { incident: rest, event }
}

/** The body a webhook sends: built at its first attempt from the incident and its event. */
async function webhookBody(db: Db, m: Webhook): Promise<string> {
  if (m.body !== null) return m.body
  return bodyFor(m.format, { type: m.type as WebhookEventType, ...(await subjectOf(db, m)) }, appUrl())
}

/**
 * The email a message sends (as JSON, kept in its body): built at its first attempt, so every
 * retry carries the same acknowledge link, which is good for 24 hours from then.
 */
async function emailBody(db: Db, m: EmailMessage, mail: NonNullable<ReturnType<typeof mailSettings>>, now: Date): Promise<string> {
  if (m.body !== null) return m.body
  const base = appUrl()!.replace(/\/+$/, '')
  const token = signAckLink(mail.ackLinkSecret, { messageId: m.id, incidentId: m.incidentId, userId: m.recipientId }, now)
  const email = emailFor({
    ...(await subjectOf(db, m)),
    to: { name: m.recipientName, email: m.recipientEmail },
    appUrl: base,
    ackUrl: `${base}/ack/${token}`,
  })
  return JSON.stringify(email)
}

/** One attempt: the body sent, what came back, and whether it counts as delivered, to retry or failed. */
async function attempt(db: Db, m: ClaimedMessage, at: Date): Promise<{ body: string; result: AttemptResult; outcome: Outcome }> {
  if (m.kind === 'email') {
    const mail = mailSettings()
    // Email was turned off after this message was claimed: it waits, unsent, for email to be on.
    if (!mail) throw new Error('email is off (SMTP_URL is not set)')
    const body = await emailBody(db, m, mail, at)
    const result = await sendMail(mail.smtpUrl, mail.from, m.id, JSON.parse(body) as Email)
    return { body, result, outcome: classifySmtp(result.status) }
  }
  const body = await webhookBody(db, m)
  const result = await post(m.url, body, signedHeaders(m.secret, m.id, body, at), { allowPrivate: env().WEBHOOK_ALLOW_PRIVATE })
  return { body, result, outcome: classify(result.status) }
}

export class DeliveryWorker {
  /** Per endpoint: messages claimed here and not yet finished (sending or waiting). */
  private readonly held = new Map<string, number>()
  /** Per endpoint: messages being sent; never more than PER_ENDPOINT. */
  private readonly sending = new Map<string, number>()
  private readonly waiting = new Map<string, { m: ClaimedMessage; owner: string }[]>()
  private total = 0
  private claiming = false
  private stopped = false
  private timer: NodeJS.Timeout | undefined

  constructor(
    private readonly db: () => Promise<Db>,
    private readonly pollMs = env().NOTIFY_POLL_MS,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.pollMs)
    this.timer.unref()
    void this.tick()
  }

  stop(): void {
    this.stopped = true
    clearInterval(this.timer)
  }

  /** Claims and starts what is due, as long as there is room. */
  async tick(): Promise<void> {
    if (this.claiming || this.stopped) return
    this.claiming = true
    try {
      const db = await this.db()
      while (!this.stopped && this.total < MAX_IN_FLIGHT) {
        const owner = `${process.pid}.${randomBytes(6).toString('hex')}`
        const now = new Date()
        const busy = [...this.held].filter(([, n]) => n >= PER_ENDPOINT).map(([id]) => id)
        const claimed = await claimDue(db, {
          owner,
          now,
          leaseUntil: new Date(now.getTime() + env().NOTIFY_LEASE_MS),
          limit: MAX_IN_FLIGHT - this.total,
          perSubscription: PER_ENDPOINT,
          skip: busy,
          email: mailSettings() !== null,
        })
        if (!claimed.length) break
        for (const m of claimed) this.take(db, m, owner)
      }
    } catch (e) {
      log('error', 'webhook claim failed', describeError(e))
    } finally {
      this.claiming = false
    }
  }

  private take(db: Db, m: ClaimedMessage, owner: string): void {
    const endpoint = endpointOf(m)
    this.total++
    this.held.set(endpoint, (this.held.get(endpoint) ?? 0) + 1)
    if ((this.sending.get(endpoint) ?? 0) < PER_ENDPOINT) void this.run(db, m, owner, endpoint)
    else this.waiting.set(endpoint, [...(this.waiting.get(endpoint) ?? []), { m, owner }])
  }

  private async run(db: Db, m: ClaimedMessage, owner: string, endpoint: string): Promise<void> {
    this.sending.set(endpoint, (this.sending.get(endpoint) ?? 0) + 1)
    try {
      await deliverOnce(db, m, owner)
    } catch (e) {
      // The lease runs out and the message is tried again; the URL and secret stay out of the log.
      log('error', 'webhook delivery failed', { messageId: m.id, ...describeError(e) })
    } finally {
      this.total--
      decrement(this.held, endpoint)
      decrement(this.sending, endpoint)
      const next = this.waiting.get(endpoint)?.shift()
      if (!this.waiting.get(endpoint)?.length) this.waiting.delete(endpoint)
      if (next) void this.run(db, next.m, next.owner, endpoint)
      // Claim again once this endpoint has room (others' messages wait at most one poll): a claim
      // that could take nothing new would still walk every due message of the busy endpoints.
      else if (!this.stopped && (this.held.get(endpoint) ?? 0) < PER_ENDPOINT) setImmediate(() => void this.tick())
    }
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1
  if (left) counts.set(key, left)
  else counts.delete(key)
}

/** Makes one attempt of a claimed message and records it. */
export async function deliverOnce(db: Db, m: ClaimedMessage, owner: string): Promise<void> {
  const at = new Date()
  const { body, result, outcome } = await attempt(db, m, at)
  const next = nextAttemptAt({
    outcome,
    failures: m.attempts + 1,
    retryUntil: m.retryUntil,
    now: new Date(),
    retryAfter: retryAfterMs(result.retryAfter, new Date()),
    random: Math.random(),
  })
  await recordAttempt(
    db,
    { id: m.id, subscriptionId: m.subscriptionId, owner, body },
    { at, status: result.status, outcome: outcome === 'retry' && !next ? 'failed' : outcome, error: result.error, durationMs: result.durationMs, response: result.response },
    next,
    DISABLE_AFTER_MS,
  )
}
