// When escalation steps fire (contract, "On call: schedules and escalation"). Pure: the sweep
// reads an incident's escalation state and its service's policy, asks these what to write, and
// hands that to the incident domain, which writes it with the incident's other changes.

/** Where an incident stands in its policy: the step due next (0-based) in which pass (0-based). */
export interface Position {
  step: number
  pass: number
}

/**
 * The escalation columns a change writes: when the next step is due and which it is. `dueAt:
 * null` stops escalating. The store writes a due time only while the incident's service has a
 * policy, so an incident of a service without one is never swept.
 */
export interface EscalationMark extends Position {
  dueAt: Date | null
}

export const STOPPED: EscalationMark = { dueAt: null, step: 0, pass: 0 }

/** An incident that opens (created, reopened, un-acknowledged, woken): step 1 is due at once. */
export const restartAt = (now: Date): EscalationMark => ({ dueAt: now, step: 0, pass: 0 })

/**
 * What a change to `status` does to escalation: OPEN starts it again at step 1; acknowledging,
 * resolving and snoozing stop it.
 */
export const markForStatus = (status: string, now: Date): EscalationMark => (status === 'OPEN' ? restartAt(now) : STOPPED)

export interface PolicyShape {
  steps: { escalateAfterMinutes: number }[]
  repeat: number
}

/**
 * The step to fire for an incident at `position`, or null when nothing should fire: it is not
 * OPEN, or the policy has no such step and no pass left (it was edited to fewer steps).
 */
export function stepToFire(policy: PolicyShape, position: Position, status: string): Position | null {
  if (status !== 'OPEN') return null
  if (position.step < policy.steps.length) return position
  return position.pass < policy.repeat ? { step: 0, pass: position.pass + 1 } : null
}

/**
 * What is due after step `fired` fires at `now`: the next step once this one's time runs out, the
 * next pass after the last step while `repeat` allows, else nothing. Only a HIGH-urgency incident
 * escalates past step 1. The delay counts from when the step fired, not from when it was due, so
 * a step that fires late (the server was down) still gives its people their full time.
 */
export function nextAfter(policy: PolicyShape, fired: Position, urgency: string, now: Date): EscalationMark {
  if (urgency !== 'HIGH') return STOPPED
  const dueAt = new Date(now.getTime() + policy.steps[fired.step].escalateAfterMinutes * 60_000)
  if (fired.step + 1 < policy.steps.length) return { dueAt, step: fired.step + 1, pass: fired.pass }
  if (fired.pass < policy.repeat) return { dueAt, step: 0, pass: fired.pass + 1 }
  return STOPPED
}

export interface Person {
  id: string
  name: string
  email: string
}

/** A position as people read it (step from 1, pass from 0): in `escalated` events and an incident's next escalation. */
export const shownPosition = (p: Position) => ({ step: p.step + 1, pass: p.pass })

/** The `escalated` timeline event's details, as the notification rules read them. */
export function escalatedDetails(fired: Position, people: Person[]): Record<string, unknown> {
  const details: Record<string, unknown> = { ...shownPosition(fired), people }
  if (people.length === 0) details.reachedNobody = true
  return details
}

/** Everyone a step's targets reach, in target order, each once. */
export function reached(perTarget: (Person | null)[]): Person[] {
  const seen = new Set<string>()
  const people: Person[] = []
  for (const p of perTarget) {
    if (p && !seen.has(p.id)) {
      seen.add(p.id)
      people.push(p)
    }
  }
  return people
}
