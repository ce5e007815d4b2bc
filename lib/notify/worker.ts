// The delivery worker, one per server process: claims due messages with a lease, sends each with
// at most PER_ENDPOINT in flight per subscription (so one slow endpoint holds back only itself),
// records every attempt and schedules the retry by lib/notify/rules/retry.ts. Nothing it needs is
// kept in memory: a killed instance's leased messages are taken over by any other after the lease.
import { randomBytes } from 'node:crypto'
import type { Db } from '@/lib/db/client'
import { appUrl, env } from '@/lib/env'
import { getIncident } from '@/lib/incidents/queries'
import { describeError, log } from '@/lib/log'
import { ATTEMPT_TIMEOUT_MS, post } from './deliver'
import { bodyFor } from './rules/payload'
import { DISABLE_AFTER_MS, classify, nextAttemptAt, retryAfterMs } from './rules/retry'
import { signedHeaders } from './rules/signature'
import type { WebhookEventType } from './rules/types'
import { claimDue, recordAttempt, type ClaimedMessage } from './store/messages'

const PER_ENDPOINT = 4
const MAX_IN_FLIGHT = 64
/** Longer than an attempt can take, so a live instance never loses a lease it is using. */
const LEASE_MS = 6 * ATTEMPT_TIMEOUT_MS

/** The body a message sends: built at its first attempt from the incident and its event. */
async function bodyOf(db: Db, m: ClaimedMessage): Promise<string> {
  if (m.body !== null) return m.body
  const { incident } = await getIncident(db, m.incidentId)
  const { timeline, ...rest } = incident
  const event = timeline.find((e) => e.id === m.eventId)
  if (!event) throw new Error(`event ${m.eventId} of message ${m.id} not found`)
  return bodyFor(m.format, { type: m.type as WebhookEventType, incident: rest, event }, appUrl())
}

export class DeliveryWorker {
  private readonly inFlight = new Map<string, number>()
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
        const busy = [...this.inFlight].filter(([, n]) => n >= PER_ENDPOINT).map(([id]) => id)
        const claimed = await claimDue(db, {
          owner,
          now,
          leaseUntil: new Date(now.getTime() + LEASE_MS),
          limit: MAX_IN_FLIGHT - this.total,
          perSubscription: PER_ENDPOINT,
          skip: busy,
        })
        if (!claimed.length) break
        for (const m of claimed) void this.run(db, m, owner)
      }
    } catch (e) {
      log('error', 'webhook claim failed', describeError(e))
    } finally {
      this.claiming = false
    }
  }

  private async run(db: Db, m: ClaimedMessage, owner: string): Promise<void> {
    this.total++
    this.inFlight.set(m.subscriptionId, (this.inFlight.get(m.subscriptionId) ?? 0) + 1)
    try {
      await deliverOnce(db, m, owner)
    } catch (e) {
      // The lease runs out and the message is tried again; the URL and secret stay out of the log.
      log('error', 'webhook delivery failed', { messageId: m.id, ...describeError(e) })
    } finally {
      this.total--
      const left = (this.inFlight.get(m.subscriptionId) ?? 1) - 1
      if (left) this.inFlight.set(m.subscriptionId, left)
      else this.inFlight.delete(m.subscriptionId)
      if (!this.stopped) setImmediate(() => void this.tick())
    }
  }
}

/** Makes one attempt of a claimed message and records it. */
export async function deliverOnce(db: Db, m: ClaimedMessage, owner: string): Promise<void> {
  const body = await bodyOf(db, m)
  const at = new Date()
  const result = await post(m.url, body, signedHeaders(m.secret, m.id, body, at), { allowPrivate: env().WEBHOOK_ALLOW_PRIVATE })
  const outcome = classify(result.status)
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
