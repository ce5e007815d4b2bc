// The email rules: who a change's events email, the acknowledge link's signature and lifetime,
// what an email says, and which SMTP answers retry.
import { describe, expect, it } from 'vitest'
import { ACK_LINK_VALID_MS, signAckLink, verifyAckLink } from '@/lib/notify/rules/ackLink'
import { emailFor } from '@/lib/notify/rules/email'
import { emailRecipients, type EmailingEvent } from '@/lib/notify/rules/recipients'
import { classifySmtp } from '@/lib/notify/rules/retry'
import type { Incident, TimelineEvent } from '@/lib/schemas/incidents'

const ev = (id: string, type: string, details: Record<string, unknown>, actorUserId: string | null = null): EmailingEvent => ({ id, type, details, actorUserId })
const person = (id: string) => ({ id, name: id, email: `${id}@example.com` })

describe('emailRecipients', () => {
  it('emails the new assignee of an assignment, unless they made it themselves', () => {
    expect(emailRecipients([ev('evt_1', 'assigned', { from: null, to: 'usr_b' }, 'usr_a')])).toEqual([{ eventId: 'evt_1', userIds: ['usr_b'] }])
    expect(emailRecipients([ev('evt_1', 'assigned', { from: null, to: 'usr_b' })])).toEqual([{ eventId: 'evt_1', userIds: ['usr_b'] }])
    expect(emailRecipients([ev('evt_1', 'assigned', { from: 'usr_c', to: 'usr_b' }, 'usr_b')])).toEqual([])
  })

  it('emails the assignee of a new incident, unless they created it', () => {
    expect(emailRecipients([ev('evt_1', 'created', { assigneeId: 'usr_b' }, 'usr_a')])).toEqual([{ eventId: 'evt_1', userIds: ['usr_b'] }])
    expect(emailRecipients([ev('evt_1', 'created', { assigneeId: 'usr_b' }, 'usr_b')])).toEqual([])
    expect(emailRecipients([ev('evt_1', 'created', { assigneeId: null })])).toEqual([])
  })

  it('emails every person an escalation step reached, and every admin when it reached nobody', () => {
    expect(emailRecipients([ev('evt_1', 'escalated', { step: 1, pass: 0, people: [person('usr_a'), person('usr_b')] })])).toEqual([
      { eventId: 'evt_1', userIds: ['usr_a', 'usr_b'] },
    ])
    expect(emailRecipients([ev('evt_1', 'escalated', { step: 2, pass: 0, people: [], reachedNobody: true })])).toEqual([{ eventId: 'evt_1', admins: true }])
  })

  it('sends one email per person per change, about the first event that reached them', () => {
    const change = [
      ev('evt_1', 'escalated', { step: 1, pass: 0, people: [person('usr_a'), person('usr_a')] }),
      ev('evt_2', 'assigned', { from: null, to: 'usr_a' }),
    ]
    expect(emailRecipients(change)).toEqual([{ eventId: 'evt_1', userIds: ['usr_a'] }])
  })

  it('emails nothing for any other event', () => {
    for (const type of ['acknowledged', 'resolved', 'unassigned', 'note', 'updated', 'reopened']) {
      expect(emailRecipients([ev('evt_1', type, { to: 'usr_a', assigneeId: 'usr_a', people: [person('usr_a')] })])).toEqual([])
    }
  })
})

describe('acknowledge links', () => {
  const secret = 's'.repeat(32)
  const link = { messageId: 'eml_1', incidentId: 'inc_1', userId: 'usr_1' }
  const issued = new Date('2026-12-01T10:00:00Z')

  it('are good for 24 hours for their incident and person', () => {
    const token = signAckLink(secret, link, issued)
    const check = verifyAckLink(secret, token, new Date(issued.getTime() + ACK_LINK_VALID_MS - 1000))
    expect(check).toEqual({ ok: true, link: { ...link, expiresAt: new Date(issued.getTime() + ACK_LINK_VALID_MS) } })
    expect(verifyAckLink(secret, token, new Date(issued.getTime() + ACK_LINK_VALID_MS))).toMatchObject({ ok: false, reason: 'expired', link })
  })

  it('refuse a changed token, another secret, and garbage', () => {
    const token = signAckLink(secret, link, issued)
    const [data, sig] = token.split('.') as [string, string]
    const other = Buffer.from(Buffer.from(data, 'base64url').toString().replace('usr_1', 'usr_2')).toString('base64url')
    for (const bad of [`${other}.${sig}`, `${data}.${sig.slice(0, -2)}AA`, `${data}x.${sig}`, signAckLink('t'.repeat(32), link, issued), 'nonsense', '', `${token}.x`]) {
      expect(verifyAckLink(secret, bad, issued), bad).toEqual({ ok: false, reason: 'invalid' })
    }
  })
})

describe('emailFor', () => {
  const incident = {
    id: 'inc_1',
    number: 42,
    title: 'Disk <full> & "slow"',
    status: 'OPEN',
    urgency: 'HIGH',
    service: { id: 'svc_1', name: 'Storage' },
  } as Incident
  const event = (type: string, details: Record<string, unknown>) =>
    ({ id: 'evt_1', type, at: '2026-12-01T10:00:00.000Z', actor: { type: 'user', id: 'usr_a', name: 'Ada' }, details }) as TimelineEvent
  const base = { incident, to: { name: 'Bob "B"', email: 'bob@example.com' }, appUrl: 'https://i.example.com', ackUrl: 'https://i.example.com/ack/T' }

  it('names the incident, its service, urgency and status, and links to it and to the acknowledge page', () => {
    const mail = emailFor({ ...base, event: event('assigned', { from: null, to: 'usr_b' }) })
    expect(mail.to).toBe('"Bob \\"B\\"" <bob@example.com>')
    expect(mail.subject).toBe('[HIGH] #42 Disk <full> & "slow" — Ada assigned this incident to you')
    for (const part of ['Service: Storage', 'Urgency: HIGH', 'Status: OPEN', 'https://i.example.com/ack/T', 'https://i.example.com/incidents/inc_1']) {
      expect(mail.text).toContain(part)
    }
    expect(mail.html).toContain('#42 Disk &lt;full&gt; &amp; &quot;slow&quot;')
    expect(mail.html).toContain('href="https://i.example.com/ack/T"')
    expect(mail.html).not.toContain('<full>')
  })

  it('says why an escalation reached the reader', () => {
    expect(emailFor({ ...base, event: event('escalated', { step: 2, pass: 0, people: [person('usr_b')] }) }).text).toMatch(/^Escalation step 2 reached you\./)
    expect(emailFor({ ...base, event: event('escalated', { step: 1, pass: 0, people: [], reachedNobody: true }) }).text).toMatch(/reached nobody on call, so every admin is told/)
  })
})

describe('classifySmtp', () => {
  it('delivers on 2xx, retries on 4xx and no answer, fails at once on 5xx', () => {
    expect([250, 251, 421, 451, 452, null, 550, 554].map(classifySmtp)).toEqual(['delivered', 'delivered', 'retry', 'retry', 'retry', 'retry', 'failed', 'failed'])
  })
})
