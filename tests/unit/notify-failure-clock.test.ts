import { describe, expect, it } from 'vitest'
import { failureClockMoves } from '@/lib/notify/rules/failureClock'

const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, s))
const ok = (id: string, s: number) => ({ subscriptionId: id, at: at(s), delivered: true })
const bad = (id: string, s: number) => ({ subscriptionId: id, at: at(s), delivered: false })

describe('a batch of attempts and each subscription failure clock', () => {
  it('stops the clock when the latest attempt arrived, whatever failed before it', () => {
    expect(failureClockMoves([bad('a', 1), bad('a', 2), ok('a', 3)]).get('a')).toEqual({ kind: 'stop' })
  })

  it('starts it at the first failure when nothing arrived (a running clock keeps its start)', () => {
    expect(failureClockMoves([bad('a', 2), bad('a', 5)]).get('a')).toEqual({ kind: 'start', since: at(2), last: at(5) })
  })

  it('restarts it at the first failure after the latest success', () => {
    expect(failureClockMoves([bad('a', 1), ok('a', 2), bad('a', 3), bad('a', 4)]).get('a')).toEqual({ kind: 'restart', since: at(3), last: at(4) })
  })

  it('orders attempts by when they were made, not by when they finished', () => {
    expect(failureClockMoves([bad('a', 4), ok('a', 1)]).get('a')).toEqual({ kind: 'restart', since: at(4), last: at(4) })
    expect(failureClockMoves([ok('a', 4), bad('a', 1)]).get('a')).toEqual({ kind: 'stop' })
  })

  it('keeps subscriptions apart', () => {
    const moves = failureClockMoves([bad('a', 1), ok('b', 2), bad('b', 3), ok('a', 4)])
    expect(moves.get('a')).toEqual({ kind: 'stop' })
    expect(moves.get('b')).toEqual({ kind: 'restart', since: at(3), last: at(3) })
  })
})
