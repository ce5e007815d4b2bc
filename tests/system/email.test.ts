// Email over a real SMTP server (smtp-server on 127.0.0.1, read with mailparser), against the
// built app on each database: who is emailed for which change, what the email says, its one-click
// acknowledge link followed over HTTP (shown on GET, acknowledged on POST as the person, once,
// for 24 hours, never when changed), a 4xx answer retried with the same message and a 5xx not,
// and nothing queued or sent without SMTP_URL.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { changeIfNeeded } from '@/lib/incidents/store'
import { signAckLink, ACK_LINK_VALID_MS } from '@/lib/notify/rules/ackLink'
import type { TimelineEventType } from '@/lib/schemas/incidents'
import { startApp, tempDatabaseUrl, type RunningApp } from '../support/app'
import { client, makeKey, makeService, makeUser, sessionCookie, unique } from '../support/fixtures'
import { providersUnderTest } from '../support/providers'
import { mailEnv, startSmtp, TEST_ACK_LINK_SECRET, type Mail, type SmtpSink } from '../support/smtp'

// This process writes escalation changes itself (as the escalation engine would), and the outbox
// insert stores emails only when email is on; it never sends them.
Object.assign(process.env, { SMTP_URL: 'smtp://127.0.0.1:9', MAIL_FROM: 'x@example.test', ACK_LINK_SECRET: 'x'.repeat(32), APP_URL: 'http://127.0.0.1' })
/** What the servers get instead (blank is unset): no email, links to their own origin. */
const NO_MAIL = { SMTP_URL: '', MAIL_FROM: '', ACK_LINK_SECRET: '', APP_URL: '' }

const APP_ENV = { RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0', NOTIFY_POLL_MS: '100' }

/** The acknowledge link's token in an email's text. */
const ackToken = (mail: Mail) => /\/ack\/([\w.-]+)/.exec(mail.parsed.text ?? '')![1]!

describe.each(providersUnderTest())('email (%s)', (provider) => {
  let cleanup: () => unknown
  let db: Db
  let app: RunningApp
  let smtp: SmtpSink
  let api: ReturnType<typeof client>
  let serviceId: string

  beforeAll(async () => {
    let url: string
    ;({ url, cleanup } = await tempDatabaseUrl(provider))
    smtp = await startSmtp()
    app = await startApp({ databaseUrl: url, env: { ...APP_ENV, ...NO_MAIL, ...mailEnv(smtp) } })
    db = await createDb(resolveDatabaseUrl(url))
    api = client(app.baseUrl, (await makeKey(db)).key)
    serviceId = (await makeService(db)).id
  })
  afterAll(async () => {
    await app?.stop()
    await smtp?.close()
    await db?.close()
    await cleanup?.()
  })

  const create = async (body: Record<string, unknown> = {}) => {
    const r = await api('POST', '/api/incidents', { body: { title: unique('email'), serviceId, urgency: 'HIGH', ...body } })
    expect(r.status, r.text).toBe(201)
    return r.body as { id: string; number: number; title: string }
  }
  const assign = async (id: string, assigneeId: string, as = api) => {
    const r = await as('PATCH', `/api/incidents/${id}`, { body: { assigneeId } })
    expect(r.status, r.text).toBe(200)
  }
  const ack = (token: string) => client(app.baseUrl)('POST', '/api/ack', { body: { token } })
  const page = async (token: string) => {
    const r = await fetch(`${app.baseUrl}/ack/${token}`)
    expect(r.status).toBe(200)
    return r.text()
  }
  const emailsOf = (incidentId: string) => db.read.webhookMessage.findMany({ where: { incidentId, kind: 'email' } })

  it('emails the assignee; the link shows the incident on GET and acknowledges it as them on POST, once', async () => {
    const person = await makeUser(db)
    const incident = await create()
    await assign(incident.id, person.id)
    const [mail] = await smtp.waitFor(person.email)
    expect(mail!.parsed.subject!.startsWith(`[HIGH] #${incident.number} ${incident.title} — `)).toBe(true)
    expect(mail!.parsed.subject!.endsWith(' assigned this incident to you')).toBe(true)
    expect(mail!.parsed.from!.text).toContain('incidents@example.test')
    for (const part of ['Status: OPEN', 'Urgency: HIGH', `Service: `, `${app.baseUrl}/incidents/${incident.id}`, `${app.baseUrl}/ack/`]) expect(mail!.parsed.text).toContain(part)
    expect(mail!.parsed.html).toContain('>Acknowledge</a>')

    const token = ackToken(mail!)
    // Opening the link (as a mail scanner would) changes nothing.
    expect(await page(token)).toContain(`Acknowledge incident #${incident.number}?`)
    expect((await api('GET', `/api/incidents/${incident.id}`)).body.status).toBe('OPEN')

    const used = await ack(token)
    expect(used.status, used.text).toBe(200)
    expect(used.body.incident.status).toBe('ACKNOWLEDGED')
    const { timeline } = (await api('GET', `/api/incidents/${incident.id}`)).body as { timeline: Array<{ type: string; actor: { type: string; id?: string; name: string } }> }
    expect(timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: { type: 'user', id: person.id, name: person.name } })

    // Used once means once: also after the incident is open again.
    expect((await api('PATCH', `/api/incidents/${incident.id}`, { body: { status: 'OPEN' } })).status).toBe(200)
    const again = await ack(token)
    expect(again.status, again.text).toBe(409)
    expect(again.body.error.details).toEqual([{ field: 'token', message: 'used' }])
    expect(await page(token)).toContain('This link was used already')
    expect((await api('GET', `/api/incidents/${incident.id}`)).body.status).toBe('OPEN')
  })

  it('lets one of three simultaneous uses acknowledge', async () => {
    const person = await makeUser(db)
    const incident = await create({ assigneeId: person.id })
    const token = ackToken((await smtp.waitFor(person.email))[0]!)
    const answers = await Promise.all([ack(token), ack(token), ack(token)])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409])
    const { timeline } = (await api('GET', `/api/incidents/${incident.id}`)).body as { timeline: Array<{ type: string }> }
    expect(timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1)
  })

  it('refuses an expired link, a changed one, and one for an incident acknowledged already', async () => {
    const person = await makeUser(db)
    const other = await makeUser(db)
    const incident = await create({ assigneeId: person.id })
    const token = ackToken((await smtp.waitFor(person.email))[0]!)

    const link = { messageId: `eml_${unique('old')}`, incidentId: incident.id, userId: person.id }
    const old = signAckLink(TEST_ACK_LINK_SECRET, link, new Date(Date.now() - ACK_LINK_VALID_MS - 1000))
    const expired = await ack(old)
    expect(expired.status, expired.text).toBe(409)
    expect(expired.body.error.details).toEqual([{ field: 'token', message: 'expired' }])
    expect(await page(old)).toContain('This link has expired')

    const [data, signature] = token.split('.') as [string, string]
    const forged = Buffer.from(Buffer.from(data, 'base64url').toString().replace(person.id, other.id)).toString('base64url')
    for (const bad of [`${forged}.${signature}`, `${data}.${signature.slice(0, -4)}AAAA`, signAckLink('another-secret-of-32-characters-long', link, new Date())]) {
      const r = await ack(bad)
      expect(r.status, r.text).toBe(404)
      expect(await page(bad)).toContain('This link is not valid')
    }
    expect((await api('GET', `/api/incidents/${incident.id}`)).body.status).toBe('OPEN')

    expect((await api('PATCH', `/api/incidents/${incident.id}`, { body: { status: 'ACKNOWLEDGED' } })).status).toBe(200)
    const late = await ack(token)
    expect(late.status, late.text).toBe(409)
    expect(late.body.error.details).toEqual([{ field: 'token', message: 'acknowledged' }])
    expect(await page(token)).toContain(`Incident #${incident.number} is acknowledged already`)
  })

  it('sends nothing for your own assignment', async () => {
    const me = await makeUser(db)
    const session = { Cookie: await sessionCookie(app.baseUrl, me.email), Origin: app.baseUrl }
    const someone = await makeUser(db)

    const incident = await create()
    const mine = await fetch(`${app.baseUrl}/api/incidents/${incident.id}`, {
      method: 'PATCH',
      headers: { ...session, 'Content-Type': 'application/json' },
      body: JSON.stringify({ assigneeId: me.id }),
    })
    expect(mine.status).toBe(200)
    const second = await create()
    // A later email arriving shows the worker got past the changes before it.
    await assign(second.id, someone.id)
    await smtp.waitFor(someone.email)
    expect(smtp.mails.filter((m) => m.rcpt.includes(me.email))).toEqual([])
    expect(await emailsOf(incident.id)).toEqual([])
    expect((await emailsOf(second.id)).map((m) => m.recipientId)).toEqual([someone.id])
  })

  it('emails every enabled person an escalation step reached, every enabled admin when it reached nobody, one email per person per change', async () => {
    const [a, b, gone, admin, disabledAdmin] = [await makeUser(db), await makeUser(db), await makeUser(db), await makeUser(db, 'admin'), await makeUser(db, 'admin')]
    for (const { id } of [gone, disabledAdmin]) await db.transaction((tx) => tx.user.update({ where: { id }, data: { disabledAt: new Date() } }))
    const incident = await create()
    const people = [a, b, gone].map(({ id, name, email }) => ({ id, name, email }))
    // As the escalation engine writes them, through the incident domain's store, in one change.
    const escalate = (details: Record<string, unknown>, assigneeId: string | null) =>
      changeIfNeeded(db, incident.id, (row) => ({
        fields: assigneeId ? { assigneeId } : {},
        actor: { type: 'system', name: 'escalation' },
        now: new Date(),
        events: [
          { type: 'escalated' as TimelineEventType, details },
          ...(assigneeId ? [{ type: 'assigned' as TimelineEventType, details: { from: row.assigneeId, to: assigneeId } }] : []),
        ],
      }))
    expect(await escalate({ step: 1, pass: 0, people }, a.id)).toBe(true)
    await smtp.waitFor(a.email)
    await smtp.waitFor(b.email)
    expect(await escalate({ step: 2, pass: 0, people: [], reachedNobody: true }, null)).toBe(true)
    const [toAdmin] = await smtp.waitFor(admin.email)
    expect(toAdmin!.parsed.text).toMatch(/^Escalation step 2 reached nobody on call, so every admin is told\./)
    const stored = await emailsOf(incident.id)
    // a: one email for the step that reached and assigned them; b: one; the enabled admin(s): one each.
    expect(stored.filter((m) => m.recipientId === a.id)).toHaveLength(1)
    expect(stored.filter((m) => m.recipientId === b.id)).toHaveLength(1)
    expect(stored.filter((m) => m.recipientId === admin.id)).toHaveLength(1)
    expect(stored.filter((m) => m.recipientId === disabledAdmin.id || m.recipientId === gone.id)).toHaveLength(0)
    expect(stored.every((m) => m.type === 'incident.escalated')).toBe(true)
  })

  it('retries a 4xx answer with the same message and fails a 5xx at once, each attempt logged', async () => {
    const retried = await makeUser(db)
    smtp.answer({ code: 451, message: 'Try again later' })
    const incident = await create({ assigneeId: retried.id })
    const [mail] = await smtp.waitFor(retried.email, 1, 20_000)
    const [message] = await emailsOf(incident.id)
    expect(smtp.attempts.filter((id) => id === mail!.parsed.messageId)).toHaveLength(2)
    expect(mail!.parsed.messageId).toBe(`<${message!.id}@incident-console>`)
    // The server records an attempt once its answer is in, so the mail can arrive a moment before.
    await vi.waitFor(async () => expect((await emailsOf(incident.id))[0]!.state).toBe('delivered'), { timeout: 10_000, interval: 100 })
    const attempts = await db.read.webhookAttempt.findMany({ where: { messageId: message!.id }, orderBy: { at: 'asc' } })
    expect(attempts.map((x) => [x.status, x.outcome])).toEqual([
      [451, 'retry'],
      [250, 'delivered'],
    ])

    const refused = await makeUser(db)
    smtp.answer({ code: 550, message: 'No such mailbox' })
    const second = await create({ assigneeId: refused.id })
    let failed
    for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      ;[failed] = await emailsOf(second.id)
      if (failed?.state === 'failed') break
    }
    expect(failed!.state).toBe('failed')
    expect((await db.read.webhookAttempt.findMany({ where: { messageId: failed!.id } })).map((x) => [x.status, x.outcome])).toEqual([[550, 'failed']])
  })
})

describe.each(providersUnderTest())('without SMTP_URL (%s)', (provider) => {
  it('queues and sends nothing, and says so', async () => {
    const { url, cleanup } = await tempDatabaseUrl(provider)
    const smtp = await startSmtp()
    const app = await startApp({ databaseUrl: url, env: { ...APP_ENV, ...NO_MAIL } })
    const db = await createDb(resolveDatabaseUrl(url))
    try {
      const health = await client(app.baseUrl)('GET', '/api/health')
      expect(health.body).toEqual({ status: 'ok', email: 'off' })
      const api = client(app.baseUrl, (await makeKey(db)).key)
      const person = await makeUser(db)
      const r = await api('POST', '/api/incidents', { body: { title: unique('no email'), serviceId: (await makeService(db)).id, assigneeId: person.id } })
      expect(r.status).toBe(201)
      expect(await db.read.webhookMessage.count({ where: { kind: 'email' } })).toBe(0)
      expect(smtp.attempts).toEqual([])
    } finally {
      await app.stop()
      await smtp.close()
      await db.close()
      await cleanup()
    }
  })
})
