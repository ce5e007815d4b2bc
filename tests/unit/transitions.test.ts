import { describe, expect, it } from 'vitest'
import { AppError } from '@/lib/errors'
import { canTransition, isActive, isDueToWake, planStatusChange, planWake, type StatusFields } from '@/lib/incidents/rules/transitions'
import { STATUSES, type Status } from '@/lib/schemas/enums'

const NOW = new Date('2024-06-01T12:00:00.000Z')
const EARLIER = new Date('2024-06-01T11:00:00.000Z')
const LATER = new Date('2024-06-01T13:00:00.000Z')
const min = (n: number) => n * 60_000

/** The contract's table, written out cell by cell (from → to → allowed). */
const TABLE: Record<Status, Record<Status, boolean | 'same'>> = {
  OPEN: { OPEN: 'same', ACKNOWLEDGED: true, RESOLVED: true, SNOOZED: true },
  ACKNOWLEDGED: { OPEN: true, ACKNOWLEDGED: 'same', RESOLVED: true, SNOOZED: true },
  SNOOZED: { OPEN: true, ACKNOWLEDGED: true, RESOLVED: true, SNOOZED: 'same' },
  RESOLVED: { OPEN: true, ACKNOWLEDGED: false, RESOLVED: 'same', SNOOZED: false },
}

/** A plausible incident in each status (what the domain would have written). */
function inStatus(status: Status): StatusFields {
  switch (status) {
    case 'OPEN':
      return { status, acknowledgedAt: null, resolvedAt: null, snoozedUntil: null }
    case 'ACKNOWLEDGED':
      return { status, acknowledgedAt: EARLIER, resolvedAt: null, snoozedUntil: null }
    case 'SNOOZED':
      return { status, acknowledgedAt: EARLIER, resolvedAt: null, snoozedUntil: LATER }
    case 'RESOLVED':
      return { status, acknowledgedAt: EARLIER, resolvedAt: EARLIER, snoozedUntil: null }
  }
}

function refusal(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    return e as AppError
  }
  throw new Error('expected a refusal')
}

describe('the status table', () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      const cell = TABLE[from][to]
      if (cell === 'same') {
        it(`${from} → ${to} is a no-op`, () => {
          expect(planStatusChange(inStatus(from), to, NOW)).toBeNull()
        })
      } else if (cell) {
        it(`${from} → ${to} is allowed`, () => {
          expect(canTransition(from, to)).toBe(true)
          const change = planStatusChange(inStatus(from), to, NOW)
          expect(change?.fields.status).toBe(to)
          expect(change?.event.details).toMatchObject({ from, to })
        })
      } else {
        it(`${from} → ${to} is refused with INVALID_TRANSITION`, () => {
          expect(canTransition(from, to)).toBe(false)
          const e = refusal(() => planStatusChange(inStatus(from), to, NOW))
          expect(e).toBeInstanceOf(AppError)
          expect(e.code).toBe('INVALID_TRANSITION')
          expect(e.message).toContain(from)
          expect(e.message).toContain(to)
        })
      }
    }
  }

  it('only RESOLVED is inactive', () => {
    expect(STATUSES.filter((s) => !isActive(s))).toEqual(['RESOLVED'])
  })
})

describe('the event each transition writes', () => {
  const cases: [Status, Status, string][] = [
    ['OPEN', 'ACKNOWLEDGED', 'acknowledged'],
    ['OPEN', 'RESOLVED', 'resolved'],
    ['OPEN', 'SNOOZED', 'snoozed'],
    ['ACKNOWLEDGED', 'OPEN', 'unacknowledged'],
    ['ACKNOWLEDGED', 'RESOLVED', 'resolved'],
    ['ACKNOWLEDGED', 'SNOOZED', 'snoozed'],
    ['SNOOZED', 'OPEN', 'unsnoozed'],
    ['SNOOZED', 'ACKNOWLEDGED', 'acknowledged'],
    ['SNOOZED', 'RESOLVED', 'resolved'],
    ['RESOLVED', 'OPEN', 'reopened'],
  ]
  it.each(cases)('%s → %s writes %s', (from, to, type) => {
    expect(planStatusChange(inStatus(from), to, NOW)?.event.type).toBe(type)
  })
})

describe('field rules', () => {
  it.each(['ACKNOWLEDGED', 'SNOOZED', 'RESOLVED'] as const)('becoming OPEN from %s clears acknowledgedAt, resolvedAt and snoozedUntil', (from) => {
    const change = planStatusChange(inStatus(from), 'OPEN', NOW)!
    expect(change.fields).toEqual({ status: 'OPEN', acknowledgedAt: null, resolvedAt: null, snoozedUntil: null })
  })

  it('ACKNOWLEDGED sets acknowledgedAt when it is null', () => {
    expect(planStatusChange(inStatus('OPEN'), 'ACKNOWLEDGED', NOW)!.fields.acknowledgedAt).toEqual(NOW)
  })

  it('ACKNOWLEDGED keeps an existing acknowledgedAt (a snoozed incident acknowledged earlier)', () => {
    const change = planStatusChange(inStatus('SNOOZED'), 'ACKNOWLEDGED', NOW)!
    expect(change.fields).toEqual({ status: 'ACKNOWLEDGED', acknowledgedAt: EARLIER, resolvedAt: null, snoozedUntil: null })
  })

  it('RESOLVED sets resolvedAt and keeps acknowledgedAt', () => {
    expect(planStatusChange(inStatus('ACKNOWLEDGED'), 'RESOLVED', NOW)!.fields).toEqual({
      status: 'RESOLVED',
      acknowledgedAt: EARLIER,
      resolvedAt: NOW,
      snoozedUntil: null,
    })
    expect(planStatusChange(inStatus('OPEN'), 'RESOLVED', NOW)!.fields.acknowledgedAt).toBeNull()
  })

  it('leaving SNOOZED clears snoozedUntil, whatever the target', () => {
    for (const to of ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const) {
      expect(planStatusChange(inStatus('SNOOZED'), to, NOW)!.fields.snoozedUntil).toBeNull()
    }
  })

  it('SNOOZED defaults to 60 minutes', () => {
    const change = planStatusChange(inStatus('OPEN'), 'SNOOZED', NOW)!
    expect(change.fields.snoozedUntil).toEqual(new Date(NOW.getTime() + min(60)))
    expect(change.event.details).toMatchObject({ minutes: 60, until: new Date(NOW.getTime() + min(60)).toISOString() })
  })

  it('SNOOZED takes snoozeMinutes', () => {
    const change = planStatusChange(inStatus('ACKNOWLEDGED'), 'SNOOZED', NOW, 5)!
    expect(change.fields).toEqual({ status: 'SNOOZED', acknowledgedAt: EARLIER, resolvedAt: null, snoozedUntil: new Date(NOW.getTime() + min(5)) })
    expect(change.event).toMatchObject({ type: 'snoozed', details: { minutes: 5 } })
  })
})

describe('the same status again', () => {
  it.each(STATUSES)('%s → %s without snoozeMinutes changes nothing', (s) => {
    expect(planStatusChange(inStatus(s), s, NOW)).toBeNull()
  })

  it('SNOOZED with snoozeMinutes on a snoozed incident re-snoozes from now', () => {
    const change = planStatusChange(inStatus('SNOOZED'), 'SNOOZED', NOW, 10)!
    expect(change.event.type).toBe('snoozed')
    expect(change.fields.snoozedUntil).toEqual(new Date(NOW.getTime() + min(10)))
    expect(change.fields.acknowledgedAt).toEqual(EARLIER)
  })

  it('a resolved incident stays refused for SNOOZED even with snoozeMinutes', () => {
    expect(refusal(() => planStatusChange(inStatus('RESOLVED'), 'SNOOZED', NOW, 10)).code).toBe('INVALID_TRANSITION')
  })
})

describe('wake-up', () => {
  it('is due only for a snoozed incident whose snoozedUntil has passed (or is now)', () => {
    expect(isDueToWake(inStatus('SNOOZED'), NOW)).toBe(false)
    expect(isDueToWake(inStatus('SNOOZED'), LATER)).toBe(true)
    expect(isDueToWake(inStatus('SNOOZED'), new Date(LATER.getTime() + 1))).toBe(true)
    expect(isDueToWake({ ...inStatus('SNOOZED'), snoozedUntil: null }, LATER)).toBe(false)
    for (const s of ['OPEN', 'ACKNOWLEDGED', 'RESOLVED'] as const) {
      expect(isDueToWake({ ...inStatus(s), snoozedUntil: EARLIER }, NOW)).toBe(false)
    }
  })

  it('plans OPEN with every timestamp cleared and an unsnoozed event', () => {
    const current = inStatus('SNOOZED') as StatusFields & { snoozedUntil: Date }
    const change = planWake(current)
    expect(change.fields).toEqual({ status: 'OPEN', acknowledgedAt: null, resolvedAt: null, snoozedUntil: null })
    expect(change.event.type).toBe('unsnoozed')
    expect(change.event.details).toMatchObject({ from: 'SNOOZED', to: 'OPEN' })
  })
})
