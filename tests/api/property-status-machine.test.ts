// Model-based: random sequences of PATCHes (status changes in any spelling, snoozes, field edits,
// fresh and stale If-Match) against one incident, each checked against the model, which is the
// domain's own pure status machine (lib/incidents/rules/transitions.ts). The server must agree with it
// on every answer, write exactly the events it implies, move the ETag exactly when something
// changed, and never reach a state the contract forbids.
import fc from 'fast-check'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import type { Db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { planStatusChange, type StatusFields } from '@/lib/incidents/rules/transitions'
import type { Status } from '@/lib/schemas/enums'
import { client, makeKey, makeService, makeUser, testDb } from '../support/fixtures'
import { invariantViolations } from '../support/invariants'

const baseUrl = inject('baseUrl')
const RUNS = Number(process.env.FUZZ_RUNS ?? 40) / 2

type Api = ReturnType<typeof client>

interface Model {
  fields: StatusFields
  urgency: string
  assigneeId: string | null
  etag: string
  events: number
}

interface Real {
  api: Api
  id: string
}

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
  expect(got.body.status).toBe(m.fields.status)
  expect(got.body.acknowledgedAt !== null).toBe(m.fields.acknowledgedAt !== null)
  expect(got.body.resolvedAt !== null).toBe(m.fields.resolvedAt !== null)
  expect(got.body.snoozedUntil !== null).toBe(m.fields.snoozedUntil !== null)
  expect(got.body.urgency).toBe(m.urgency)
  expect(got.body.assignee?.id ?? null).toBe(m.assigneeId)
  expect(got.body.timeline).toHaveLength(m.events)
  expect(got.body.timeline[0].type).toBe('created')
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
    const res = await r.api('PATCH', `/api/incidents/${r.id}`, { body, headers })

    if (this.snoozeMinutes !== undefined && this.to !== 'SNOOZED') {
      expect(res.status).toBe(422) // snoozeMinutes without SNOOZED
    } else if (this.ifMatch === 'stale') {
      expect(res.status).toBe(412)
      expect(res.body.error.code).toBe('PRECONDITION_FAILED')
    } else {
      let plan
      let refused = false
      try {
        plan = planStatusChange(m.fields, this.to, new Date(), this.snoozeMinutes)
      } catch (e) {
        if (!(e instanceof AppError)) throw e
        refused = true
      }
      if (refused) {
        expect(res.status).toBe(409)
        expect(res.body.error.code).toBe('INVALID_TRANSITION')
      } else {
        expect(res.status).toBe(200)
        expect(res.body.status).toBe(this.to)
        if (plan) {
          m.fields = plan.fields
          m.events += 1
          expect(res.headers.get('etag')).not.toBe(m.etag)
          m.etag = res.headers.get('etag')!
        } else {
          expect(res.headers.get('etag')).toBe(m.etag) // a no-op changes nothing
        }
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
    let changed = 0
    if (this.urgency && this.urgency !== m.urgency) (changed++, (m.urgency = this.urgency))
    if (this.assign !== undefined && this.assign !== m.assigneeId) (changed++, (m.assigneeId = this.assign))
    m.events += changed
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

  beforeAll(async () => {
    db = await testDb(inject('databaseUrl'))
    api = client(baseUrl, (await makeKey(db)).key)
    serviceId = (await makeService(db)).id
    users = [(await makeUser(db)).id, (await makeUser(db)).id]
  })

  it('agrees with lib/incidents/rules/transitions.ts on every step', async () => {
    const status = fc.constantFrom<Status>('OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'SNOOZED')
    const commands = [
      fc
        .tuple(status, fc.nat(3), fc.option(fc.integer({ min: 1, max: 10_080 }), { nil: undefined, freq: 3 }), fc.constantFrom('none', 'none', 'current', 'stale'))
        .map(([to, sp, min, im]) => new SetStatus(to, sp, min, im as 'none' | 'current' | 'stale')),
      fc
        .tuple(fc.constantFrom(undefined, 'HIGH', 'LOW'), fc.constantFrom(undefined, null, ...users))
        .map(([u, a]) => new SetFields(u as 'HIGH' | 'LOW' | undefined, a)),
    ]
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
        const created = await api('POST', '/api/incidents', { body: { title: 'model run', serviceId } })
        expect(created.status).toBe(201)
        const first = await api('GET', `/api/incidents/${created.body.id}`)
        const model: Model = {
          fields: { status: 'OPEN', acknowledgedAt: null, resolvedAt: null, snoozedUntil: null },
          urgency: 'HIGH',
          assigneeId: null,
          etag: first.headers.get('etag')!,
          events: 1,
        }
        await fc.asyncModelRun(() => ({ model, real: { api, id: created.body.id } }), cmds)
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 20_000 },
    )
  }, 60_000)

  it('leaves every incident sound', async () => {
    expect(await invariantViolations(db)).toEqual([])
  })
})
