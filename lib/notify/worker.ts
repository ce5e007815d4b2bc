// The delivery worker, one per server process: claims due messages with a lease, sends each (a
// webhook over HTTP, an email over SMTP) with at most PER_ENDPOINT in flight per subscription, and
// as many to the mail server, so one slow endpoint holds back only itself. It claims up to AHEAD
// more of an endpoint than it is sending, so the next attempt starts as one finishes rather than
// after another claim. Every attempt is recorded (recorder.ts) with its retry scheduled by
// lib/notify/rules/retry.ts. Nothing it needs is kept in memory: a killed instance's leased
// messages are taken over by any other after the lease.
import { randomBytes } from 'node:crypto'
import type { Db } from '@/lib/db/client'
import { env, mailSettings } from '@/lib/env'
import { describeError, log } from '@/lib/log'
import { withBodies } from './bodies'
import { post, type AttemptResult } from './deliver'
import { sendMail } from './mail'
import type { Email } from './rules/email'
import { DISABLE_AFTER_MS, classify, classifySmtp, nextAttemptAt, retryAfterMs, type Outcome } from './rules/retry'
import { signedHeaders } from './rules/signature'
import { AttemptRecorder } from './recorder'
import { claimDue, endpointOf, type ClaimedMessage, type FinishedAttempt } from './store/messages'

const PER_ENDPOINT = 4
const AHEAD = PER_ENDPOINT
/** Claimed and not yet recorded, in all. */
const MAX_HELD = 128
// The lease (NOTIFY_LEASE_MS, at least 30 s) outlasts what a claimed message can take here: a wait
// for one of its endpoint's attempts (AHEAD is no more than PER_ENDPOINT), its own attempt (each
// at most ATTEMPT_TIMEOUT_MS), then its record. So a live instance never loses a lease it is using.

interface Ready {
  m: ClaimedMessage
  owner: string
  body: string
}

interface Endpoint {
  /** Claimed and not yet recorded: waiting, being sent, or being recorded. */
  held: number
  sending: number
  waiting: Ready[]
}

export class DeliveryWorker {
  private readonly endpoints = new Map<string, Endpoint>()
  private held = 0
  private claiming = false
  /** Room made while a claim ran: claim once more after it. */
  private again = false
  private turn = 0
  private stopped = false
  private timer: NodeJS.Timeout | undefined
  private recorder: AttemptRecorder | undefined

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

  /** Claims what is due, as long as there is room, and starts sending it. */
  async tick(): Promise<void> {
    if (this.stopped) return
    if (this.claiming) {
      this.again = true
      return
    }
    this.claiming = true
    try {
      const db = await this.db()
      this.recorder ??= new AttemptRecorder(db, DISABLE_AFTER_MS)
      do {
        this.again = false
        if (this.held < MAX_HELD) {
          const owner = `${process.pid}.${randomBytes(6).toString('hex')}`
          const now = new Date()
          const mail = mailSettings()
          const claimed = await claimDue(db, {
            owner,
            now,
            leaseUntil: new Date(now.getTime() + env().NOTIFY_LEASE_MS),
            limit: MAX_HELD - this.held,
            room: (endpoint) => PER_ENDPOINT + AHEAD - (this.endpoints.get(endpoint)?.held ?? 0),
            email: mail !== null,
            turn: this.turn++,
          })
          for (const m of claimed) this.hold(endpointOf(m))
          const bodies = await withBodies(db, claimed, mail, now).catch((e: unknown) => {
            log('error', 'webhook bodies could not be built', describeError(e))
            return claimed.map(() => null)
          })
          claimed.forEach((m, i) => {
            const body = bodies[i]
            // Left to its lease, and tried again after it.
            if (body == null) return this.release(endpointOf(m))
            this.endpoint(endpointOf(m)).waiting.push({ m, owner, body })
          })
          for (const endpoint of new Set(claimed.map(endpointOf))) this.pump(db, endpoint)
        }
      } while (this.again && !this.stopped)
    } catch (e) {
      log('error', 'webhook claim failed', describeError(e))
    } finally {
      this.claiming = false
    }
  }

  private endpoint(id: string): Endpoint {
    let e = this.endpoints.get(id)
    if (!e) this.endpoints.set(id, (e = { held: 0, sending: 0, waiting: [] }))
    return e
  }

  private hold(id: string): void {
    this.endpoint(id).held++
    this.held++
  }

  private release(id: string): void {
    const e = this.endpoint(id)
    e.held--
    this.held--
    if (!e.held) this.endpoints.delete(id)
    // Room for a claim's worth of this endpoint (others' messages wait at most one poll).
    if (!this.stopped && e.held <= PER_ENDPOINT) setImmediate(() => void this.tick())
  }

  /** Starts the endpoint's waiting messages while it has a free slot. */
  private pump(db: Db, id: string): void {
    const e = this.endpoints.get(id)
    while (e && e.sending < PER_ENDPOINT && e.waiting.length) {
      const ready = e.waiting.shift()!
      e.sending++
      void this.send(db, e, id, ready)
    }
  }

  private async send(db: Db, e: Endpoint, id: string, ready: Ready): Promise<void> {
    let finished: FinishedAttempt | null = null
    try {
      finished = await attemptOnce(ready)
    } catch (err) {
      // The lease runs out and the message is tried again; the URL and secret stay out of the log.
      log('error', 'webhook delivery failed', { messageId: ready.m.id, ...describeError(err) })
    }
    e.sending--
    this.pump(db, id)
    try {
      if (finished) await this.recorder!.record(finished)
    } catch (err) {
      log('error', 'webhook attempt could not be recorded', { messageId: ready.m.id, ...describeError(err) })
    } finally {
      this.release(id)
    }
  }
}

/** Sends a message's body once: by SMTP to its recipient, or by HTTP to its subscription. */
async function sendOnce(m: ClaimedMessage, body: string, at: Date): Promise<{ result: AttemptResult; outcome: Outcome }> {
  if (m.kind === 'email') {
    const mail = mailSettings()
    // Email turned off after this one was claimed: it waits, unsent, for email to be on again.
    if (!mail) throw new Error('email is off (SMTP_URL is not set)')
    const result = await sendMail(mail.smtpUrl, mail.from, m.id, JSON.parse(body) as Email)
    return { result, outcome: classifySmtp(result.status) }
  }
  const result = await post(m.url, body, signedHeaders(m.secret, m.id, body, at), { allowPrivate: env().WEBHOOK_ALLOW_PRIVATE })
  return { result, outcome: classify(result.status) }
}

/** One attempt of a message with its body: what to record. */
async function attemptOnce({ m, owner, body }: Ready): Promise<FinishedAttempt> {
  const at = new Date()
  const { result, outcome } = await sendOnce(m, body, at)
  const next = nextAttemptAt({
    outcome,
    failures: m.attempts + 1,
    retryUntil: m.retryUntil,
    now: new Date(),
    retryAfter: retryAfterMs(result.retryAfter, new Date()),
    random: Math.random(),
  })
  return {
    message: { id: m.id, subscriptionId: m.subscriptionId, owner, body },
    attempt: { at, status: result.status, outcome: outcome === 'retry' && !next ? 'failed' : outcome, error: result.error, durationMs: result.durationMs, response: result.response },
    next,
  }
}
