import { describe, expect, it } from 'vitest'
import { bulkSummary } from '@/lib/client/bulkSummary'
import { withNote } from '@/lib/incidents/rules/notes'
import { bulkChangeSchema } from '@/lib/schemas/notes'
import { updateIncidentSchema } from '@/lib/schemas/incidents'

const actor = { type: 'user' as const, id: 'usr_1', name: 'Jane' }
const now = new Date('2026-01-01T00:00:00Z')

describe('a note with a change (rules)', () => {
  it('rides after the change’s events, or is written alone when the change is a no-op', () => {
    const change = { fields: { urgency: 'LOW' }, events: [{ type: 'urgency_changed' as const, details: {} }], actor, now }
    const both = withNote(change, 'why', actor, now)!
    expect(both.fields).toEqual({ urgency: 'LOW' })
    expect(both.events.map((e) => e.type)).toEqual(['urgency_changed', 'note'])
    const alone = withNote(null, 'why', actor, now)!
    expect(alone).toMatchObject({ fields: {}, actor, now })
    expect(alone.events).toEqual([{ type: 'note', details: { noteId: expect.stringMatching(/^not_/), text: 'why' } }])
    expect(withNote(change, undefined, actor, now)).toBe(change)
    expect(withNote(null, undefined, actor, now)).toBeNull()
  })
})

describe('schemas', () => {
  it('a PATCH takes a note only with a change', () => {
    expect(updateIncidentSchema.safeParse({ note: 'x' }).success).toBe(false)
    expect(updateIncidentSchema.safeParse({ status: 'resolved', note: ' fixed ' }).data).toEqual({ status: 'RESOLVED', note: 'fixed' })
  })

  it('a bulk change refuses repeated ids, a note inside changes and more than 200 ids', () => {
    const ok = { ids: ['a', 'b'], changes: { status: 'ACKNOWLEDGED' } }
    expect(bulkChangeSchema.safeParse(ok).success).toBe(true)
    expect(bulkChangeSchema.safeParse({ ...ok, ids: ['a', 'b', 'a'] }).error?.issues[0]).toMatchObject({ path: ['ids', 2], message: 'ids[2] repeats ids[0]' })
    expect(bulkChangeSchema.safeParse({ ...ok, changes: { status: 'ACKNOWLEDGED', note: 'x' } }).success).toBe(false)
    expect(bulkChangeSchema.safeParse({ ...ok, ids: Array.from({ length: 200 }, (_, k) => `i${k}`) }).success).toBe(true)
    expect(bulkChangeSchema.safeParse({ ...ok, ids: Array.from({ length: 201 }, (_, k) => `i${k}`) }).success).toBe(false)
  })
})

describe('bulkSummary', () => {
  const numbers: Record<string, number> = { a: 40, b: 41, c: 42 }
  it('counts what changed and names each failure with its reason', () => {
    const results = [
      { id: 'a', status: 200 },
      { id: 'b', status: 409, error: { code: 'INVALID_TRANSITION', message: 'cannot change status from RESOLVED to ACKNOWLEDGED', requestId: 'req_1' } },
      { id: 'c', status: 404, error: { code: 'NOT_FOUND', message: 'incident not found', requestId: 'req_1' } },
    ]
    expect(bulkSummary('Acknowledged', results, (id) => numbers[id])).toEqual({
      ok: false,
      text: '1 acknowledged, 2 failed: #41 cannot change status from RESOLVED to ACKNOWLEDGED; #42 incident not found',
    })
    expect(bulkSummary('Resolved', [{ id: 'a', status: 200 }], (id) => numbers[id])).toEqual({ ok: true, text: '1 resolved' })
  })
})
