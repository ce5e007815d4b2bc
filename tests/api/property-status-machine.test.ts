// Model-based: random sequences of PATCHes (status changes in any spelling, snoozes, field edits,
// fresh and stale If-Match) against one incident, each checked against a model written out here
// from the contract ("Status" in the product contract), independent of lib/incidents: a wrong
// entry in the code's transition table disagrees with it. The server must agree with the model on
// every answer, write exactly the events it implies, move the ETag exactly when something changed,
// and never reach a state the contract forbids. Invalid requests (snoozeMinutes without SNOOZED, a
// stale If-Match) are rare, so nearly every command reaches the status machine.
import fc from 'fast-check'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Db } from '@/lib/db/client'
import type { Status } from '@/lib/schemas/enums'
import { client, makeKey, makeService, makeUser, testDb } from '../support/fixtures'
import { invariantViolations } from '../support/invariants'

const baseUrl = inject('baseUrl')
const RUNS = Number(process.env.FUZZ_RUNS ?? 40) / 2

type Api = ReturnType<typeof client>

// The contract's table, row by row: the statuses each status may be set to (the same status again
// is a no-op, never refused).
const MAY_BECOME: Record<Status, Status[]> = {
  OPEN: ['ACKNOWLEDGED', 'RESOLVED', 'SNOOZED'],
  ACKNOWLEDGED: ['OPEN', 'RESOLVED', 'SNOOZED'],
  SNOOZED: ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'],
  RESOLVED: ['OPEN'],
}
// The event each move writes: to OPEN it is named after where the incident was.
const EVENT_TO: Record<Exclude<Status, 'OPEN'>, string> = { ACKNOWLEDGED: 'acknowledged', RESOLVED: 'resolved', SNOOZED: 'snoozed' }
const EVENT_TO_OPEN_FROM: Record<Exclude<Status, 'OPEN'>, string> = { ACKNOWLEDGED: 'unacknowledged', RESOLVED: 'reopened', SNOOZED: 'unsnoozed' }
const DEFAULT_SNOOZE_MINUTES = 60

interface Model {
  status: Status
  /** The timestamps as the server answered them (kept ones must not move), or null. */
  acknowledgedAt: string | null
  resolvedAt: string | null
  snoozedUntil: string | null
  urgency: string
  assigneeId: string | null
  etag: string
  /** Event types, oldest first. */
  events: string[]
}

interface Real {
  api: Api
  id: string
}

/** How many status commands reached the status machine, and how many were refused before it. */
const reached = { machine: 0, before: 0 }

const SPELLINGS: Record<Status, string[]> = {
  OPEN: ['OPEN', 'open', 'triggered', 'Triggered'],
  ACKNOWLEDGED: ['ACKNOWLEDGED', 'acknowledged'],
  RESOLVED: ['RESOLVED', 'resolved'],
  SNOOZED: ['SNOOZED', 'snoozed'],
}

/** Reads the incident back and checks it against the model: status, fields, ETag, timeline. */
async function expectMatches(m: Model, r: Real) {
  const got = await r.api('GET', `/api/incidents/${r.id}`)
  expect(got.status).toBe(200)
  expect(got.headers.get('etag')).toBe(m.etag)
  expect(got.body).toMatchObject({
    status: m.status,
    acknowledgedAt: m.acknowledgedAt,
    resolvedAt: m.resolvedAt,
    snoozedUntil: m.snoozedUntil,
    urgency: m.urgency,
  })
  expect(got.body.assignee?.id ?? null).toBe(m.assigneeId)
  expect(got.body.timeline.map((e: { type: string }) => e.type)).toEqual(m.events)
}

/** A timestamp the server set during a request sent between `from` and `to` (ms), shifted by `plus`. */
function expectStampedWithin(value: string | null, from: number, to: number, plus = 0) {
  expect(value).not.toBeNull()
  const t = Date.parse(value!)
  expect(t).toBeGreaterThanOrEqual(from + plus - 1_000)
  expect(t).toBeLessThanOrEqual(to + plus + 1_000)
}

class SetStatus implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly to: Status,
    readonly spelling: number,
    readonly snoozeMinutes: number | undefined,
    readonly ifMatch: 'none' | 'current' | 'stale',
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const words = SPELLINGS[this.to]
    const body: Record<string, unknown> = { status: words[this.spelling % words.length] }
    if (this.snoozeMinutes !== undefined) body.snoozeMinutes = this.snoozeMinutes
    const headers: Record<string, string> = {}
    if (this.ifMatch === 'current') headers['If-Match'] = m.etag
    if (this.ifMatch === 'stale') headers['If-Match'] = m.etag.replace(/\.(\d+)"$/, (_, v) => `.${Number(v) - 1}"`)
    const sent = Date.now()
    const res = await r.api('PATCH', `/api/incidents/${r.id}`, { body, headers })
    const answered = Date.now()

    if (this.snoozeMinutes !== undefined && this.to !== 'SNOOZED') {
      reached.before++
      expect(res.status).toBe(422) // snoozeMinutes without SNOOZED
    } else if (this.ifMatch === 'stale') {
      reached.before++
      expect(res.status).toBe(412)
      expect(res.body.error.code).toBe('PRECONDITION_FAILED')
    } else {
      reached.machine++
      const from = m.status
      const resnooze = from === 'SNOOZED' && this.to === 'SNOOZED' && this.snoozeMinutes !== undefined
      if (from === this.to && !resnooze) {
        expect(res.status, res.text).toBe(200)
        expect(res.headers.get('etag')).toBe(m.etag) // a no-op changes nothing
      } else if (from !== this.to && !MAY_BECOME[from].includes(this.to)) {
        expect(res.status, res.text).toBe(409)
        expect(res.body.error.code).toBe('INVALID_TRANSITION')
      } else {
        expect(res.status, res.text).toBe(200)
        expect(res.body.status).toBe(this.to)
        const b = res.body
        switch (this.to) {
          case 'OPEN':
            // Whenever an incident becomes OPEN, it starts over.
            expect(b).toMatchObject({ acknowledgedAt: null, resolvedAt: null, snoozedUntil: null })
            break
          case 'ACKNOWLEDGED':
            // Set if it was null, else kept; leaving SNOOZED clears snoozedUntil.
            if (m.acknowledgedAt) expect(b.acknowledgedAt).toBe(m.acknowledgedAt)
            else expectStampedWithin(b.acknowledgedAt, sent, answered)
            expect(b).toMatchObject({ resolvedAt: null, snoozedUntil: null })
            break
          case 'RESOLVED':
            expectStampedWithin(b.resolvedAt, sent, answered)
            expect(b).toMatchObject({ acknowledgedAt: m.acknowledgedAt, snoozedUntil: null })
            break
          case 'SNOOZED':
            expectStampedWithin(b.snoozedUntil, sent, answered, (this.snoozeMinutes ?? DEFAULT_SNOOZE_MINUTES) * 60_000)
            expect(b).toMatchObject({ acknowledgedAt: m.acknowledgedAt, resolvedAt: null })
            break
        }
        m.status = this.to
        ;({ acknowledgedAt: m.acknowledgedAt, resolvedAt: m.resolvedAt, snoozedUntil: m.snoozedUntil } = b)
        m.events.push(this.to === 'OPEN' ? EVENT_TO_OPEN_FROM[from as Exclude<Status, 'OPEN'>] : EVENT_TO[this.to])
        expect(res.headers.get('etag')).not.toBe(m.etag)
        m.etag = res.headers.get('etag')!
      }
    }
    await expectMatches(m, r)
  }
  toString = () => `status ${this.to}#${this.spelling}${this.snoozeMinutes === undefined ? '' : ` ${this.snoozeMinutes} min`} (If-Match ${this.ifMatch})`
}

class SetFields implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly urgency: 'HIGH' | 'LOW' | undefined,
    readonly assign: string | null | undefined,
  ) {}
  check = () => true
  async run(m: Model, r: Real) {
    const body: Record<string, unknown> = {}
    if (this.urgency) body.urgency = this.urgency.toLowerCase()
    if (this.assign !== undefined) body.assigneeId = this.assign
    if (!Object.keys(body).length) body.urgency = m.urgency
    const res = await r.api('PATCH', `/api/incidents/${r.id}`, { body })
    expect(res.status).toBe(200)
    // One event per thing changed, in the contract's order: assignment, then urgency.
    const before = m.events.length
    if (this.assign !== undefined && this.assign !== m.assigneeId) {
      m.events.push(this.assign ? 'assigned' : 'unassigned')
      m.assigneeId = this.assign
    }
    if (this.urgency && this.urgency !== m.urgency) {
      m.events.push('urgency_changed')
      m.urgency = this.urgency
    }
    const changed = m.events.length > before
    if (changed) {
      expect(res.headers.get('etag')).not.toBe(m.etag)
      m.etag = res.headers.get('etag')!
    } else expect(res.headers.get('etag')).toBe(m.etag)
    await expectMatches(m, r)
  }
  toString = () => `fields urgency=${this.urgency} assignee=${this.assign}`
}

describe('the status machine under random PATCH sequences', () => {
  let db: Db
  let api: Api
  let serviceId: string
  let users: string[]

  /** A new incident and the model of it. */
  async function fresh(): Promise<{ model: Model; real: Real }> {
    const created = await api('POST', '/api/incidents', { body: { title: 'model run', serviceId } })
    expect(created.status).toBe(201)
    const first = await api('GET', `/api/incidents/${created.body.id}`)
    const model: Model = {
      status: 'OPEN',
      acknowledgedAt: null,
      resolvedAt: null,
      snoozedUntil: null,
      urgency: 'HIGH',
      assigneeId: null,
      etag: first.headers.get('etag')!,
      events: ['created'],
    }
    return { model, real: { api, id: created.body.id } }
  }

  beforeAll(async () => {
    db = await testDb(inject('databaseUrl'))
    api = client(baseUrl, (await makeKey(db)).key)
    serviceId = (await makeService(db)).id
    users = [(await makeUser(db)).id, (await makeUser(db)).id]
  })

  it("agrees with the contract's status table on every step", async () => {
    const status = fc.constantFrom<Status>('OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'SNOOZED')
    // A SNOOZED carries snoozeMinutes half the time (else the default); another status only 1 in
    // 20 times (a 422), and 1 in 10 commands sends a stale If-Match (a 412).
    const ifMatch = fc.constantFrom(...Array<'none'>(6).fill('none'), 'current', 'current', 'current', 'stale')
    const setStatus = fc
      .tuple(status, fc.nat(3), fc.integer({ min: 1, max: 10_080 }), fc.nat(19), ifMatch)
      .map(([to, sp, min, dice, im]) => new SetStatus(to, sp, to === 'SNOOZED' ? (dice % 2 ? min : undefined) : dice === 0 ? min : undefined, im))
    // Two status commands to each field edit: the status machine is what this test is for.
    const commands = [
      setStatus,
      setStatus,
      fc
        .tuple(fc.constantFrom(undefined, 'HIGH', 'LOW'), fc.constantFrom(undefined, null, ...users))
        .map(([u, a]) => new SetFields(u as 'HIGH' | 'LOW' | undefined, a)),
    ]
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 16 }), async (cmds) => {
        const { model, real } = await fresh()
        await fc.asyncModelRun(() => ({ model, real }), cmds)
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 20_000 },
    )
  }, 60_000)

  // Every cell of the table, each from a fresh incident brought to its row's status: a wrong
  // entry fails here whatever the random sequences above happened to try.
  const cells = (Object.keys(MAY_BECOME) as Status[]).flatMap((from) => (Object.keys(MAY_BECOME) as Status[]).map((to) => [from, to] as const))
  it.each(cells)('every cell of the table: %s to %s', async (from, to) => {
    const { model, real } = await fresh()
    if (from !== 'OPEN') await new SetStatus(from, 0, undefined, 'none').run(model, real)
    await new SetStatus(to, 0, undefined, 'current').run(model, real)
    if (to === 'SNOOZED') await new SetStatus(to, 0, 5, 'none').run(model, real)
  })

  it('sent most status commands through to the status machine', () => {
    expect(reached.machine).toBeGreaterThan(3 * reached.before)
  })

  it('leaves every incident sound', async () => {
    expect(await invariantViolations(db)).toEqual([])
  })
})
