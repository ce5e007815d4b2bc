// The escalation engine's rules (lib/escalation/rules/engine.ts): which step fires, what is due
// next, where it stops, and what the `escalated` event says.
import { describe, expect, it } from 'vitest'
import { escalatedDetails, markForStatus, nextAfter, reached, restartAt, STOPPED, stepToFire } from '@/lib/escalation/rules/engine'
import { planEscalation } from '@/lib/incidents/rules/escalation'
import type { IncidentRow } from '@/lib/incidents/rules/serialize'

const now = new Date('2026-12-06T10:00:00.000Z')
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000)
const policy = { steps: [{ escalateAfterMinutes: 5 }, { escalateAfterMinutes: 15 }], repeat: 1 }
const alice = { id: 'usr_a', name: 'Alice', email: 'a@example.test' }
const bob = { id: 'usr_b', name: 'Bob', email: 'b@example.test' }

describe('opening and stopping', () => {
  it('starts at step 1, due at once, whenever the incident becomes OPEN', () => {
    expect(markForStatus('OPEN', now)).toEqual({ dueAt: now, step: 0, pass: 0 })
    expect(restartAt(now)).toEqual({ dueAt: now, step: 0, pass: 0 })
  })
  it.each(['ACKNOWLEDGED', 'RESOLVED', 'SNOOZED'])('stops on %s', (status) => {
    expect(markForStatus(status, now)).toEqual(STOPPED)
    expect(STOPPED.dueAt).toBeNull()
  })
})

describe('stepToFire', () => {
  it('fires the stored step of an OPEN incident', () => {
    expect(stepToFire(policy, { step: 1, pass: 0 }, 'OPEN')).toEqual({ step: 1, pass: 0 })
  })
  it('fires nothing for an incident that is not OPEN', () => {
    for (const s of ['ACKNOWLEDGED', 'RESOLVED', 'SNOOZED']) expect(stepToFire(policy, { step: 0, pass: 0 }, s)).toBeNull()
  })
  it('goes on with the next pass, or stops, when the policy lost the stored step', () => {
    expect(stepToFire(policy, { step: 5, pass: 0 }, 'OPEN')).toEqual({ step: 0, pass: 1 })
    expect(stepToFire(policy, { step: 5, pass: 1 }, 'OPEN')).toBeNull()
  })
})

describe('nextAfter', () => {
  it('is the next step once this one’s delay has passed, counted from when it fired', () => {
    expect(nextAfter(policy, { step: 0, pass: 0 }, 'HIGH', now)).toEqual({ dueAt: later(5), step: 1, pass: 0 })
  })
  it('after the last step, is the next pass while repeat allows, then nothing', () => {
    expect(nextAfter(policy, { step: 1, pass: 0 }, 'HIGH', now)).toEqual({ dueAt: later(15), step: 0, pass: 1 })
    expect(nextAfter(policy, { step: 1, pass: 1 }, 'HIGH', now)).toEqual(STOPPED)
    expect(nextAfter({ ...policy, repeat: 0 }, { step: 1, pass: 0 }, 'HIGH', now)).toEqual(STOPPED)
  })
  it('stops after step 1 for a LOW-urgency incident', () => {
    expect(nextAfter(policy, { step: 0, pass: 0 }, 'LOW', now)).toEqual(STOPPED)
  })
  it('walks a one-step policy with repeat 2 through three passes', () => {
    const one = { steps: [{ escalateAfterMinutes: 1 }], repeat: 2 }
    const walk = [{ step: 0, pass: 0 }]
    for (;;) {
      const next = nextAfter(one, walk.at(-1)!, 'HIGH', now)
      if (!next.dueAt) break
      walk.push({ step: next.step, pass: next.pass })
    }
    expect(walk).toEqual([{ step: 0, pass: 0 }, { step: 0, pass: 1 }, { step: 0, pass: 2 }])
  })
})

describe('the escalated event and who is reached', () => {
  it('names the step 1-based, the pass 0-based, and the people', () => {
    expect(escalatedDetails({ step: 1, pass: 2 }, [alice])).toEqual({ step: 2, pass: 2, people: [alice] })
  })
  it('says when nobody was reached', () => {
    expect(escalatedDetails({ step: 0, pass: 0 }, [])).toEqual({ step: 1, pass: 0, people: [], reachedNobody: true })
  })
  it('reaches each person once, in target order, skipping gaps', () => {
    expect(reached([null, bob, alice, bob, null])).toEqual([bob, alice])
  })
})

describe('planEscalation (what the incident domain writes)', () => {
  const row = { id: 'inc_1', status: 'OPEN', urgency: 'HIGH', assigneeId: null, serviceId: 'svc_1' } as IncidentRow
  const next = { dueAt: later(5), step: 1, pass: 0 }
  it('assigns the first person reached to an unassigned incident, after the escalated event', () => {
    const change = planEscalation(row, { fired: { step: 0, pass: 0 }, people: [bob, alice], next }, now)
    expect(change.fields).toEqual({ assigneeId: bob.id })
    expect(change.assignee).toEqual(bob)
    expect(change.events.map((e) => [e.type, e.details])).toEqual([
      ['escalated', { step: 1, pass: 0, people: [bob, alice] }],
      ['assigned', { from: null, to: bob.id }],
    ])
    expect(change.actor.type).toBe('system')
    expect(change.escalation).toEqual(next)
  })
  it('leaves an existing assignee, and assigns nobody when nobody was reached', () => {
    expect(planEscalation({ ...row, assigneeId: 'usr_x' }, { fired: { step: 0, pass: 0 }, people: [bob], next }, now).fields).toEqual({})
    const nobody = planEscalation(row, { fired: { step: 0, pass: 0 }, people: [], next }, now)
    expect(nobody.fields).toEqual({})
    expect(nobody.events.map((e) => e.type)).toEqual(['escalated'])
  })
  it('stops without an event', () => {
    expect(planEscalation(row, 'stop', now)).toMatchObject({ events: [], escalation: STOPPED })
  })
})
