// Notes (contract, "Notes"): POST/GET /api/incidents/:id/notes, a note with a PATCH, and the
// `incident.annotated` message each note stores with it. That a failed write of any of them undoes
// the whole note is in atomicity.test.ts.
import { beforeAll, describe, expect, it } from 'vitest'
import { noteListSchema, noteSchema } from '@/lib/schemas/notes'
import { expectError, makeService, subscribed, unique, world, type World } from './helpers'

let w: World

beforeAll(async () => {
  w = await world()
})

const notesOf = async (id: string) => {
  const r = await w.api('GET', `/api/incidents/${id}/notes`)
  expect(r.status, r.text).toBe(200)
  return noteListSchema.strict().parse(r.body).notes
}
const addNote = (id: string, body: unknown) => w.api('POST', `/api/incidents/${encodeURIComponent(id)}/notes`, { body })

describe('POST /api/incidents/:id/notes', () => {
  it('answers 201 with the note and writes one `note` event carrying it', async () => {
    const incident = await w.create()
    const before = await w.api('GET', `/api/incidents/${incident.id}`)
    const r = await addNote(incident.id, { text: '  Rolled back deploy 4812.\nWatching p95.  ' })
    expect(r.status, r.text).toBe(201)
    const note = noteSchema.strict().parse(r.body)
    expect(note.id).toMatch(/^not_/)
    expect(note.text).toBe('Rolled back deploy 4812.\nWatching p95.')
    expect(note.actor).toMatchObject({ type: 'apiKey', name: expect.any(String) })

    const after = await w.get(incident.id)
    const events = after.timeline.filter((e) => e.type === 'note')
    expect(events).toEqual([{ id: expect.stringMatching(/^evt_/), type: 'note', at: note.at, actor: note.actor, details: { noteId: note.id, text: note.text } }])
    // A note is a change of the timeline: the ETag moves with it, nothing else of the incident does.
    const latest = await w.api('GET', `/api/incidents/${incident.id}`)
    expect(latest.headers.get('etag')).not.toBe(before.headers.get('etag'))
    expect({ ...after, timeline: undefined, updatedAt: undefined }).toEqual({ ...before.body, timeline: undefined, updatedAt: undefined })
    expect(await notesOf(incident.id)).toEqual([note])
  })

  it('lists notes oldest first, only notes, with the actor who wrote each', async () => {
    const incident = await w.create()
    const texts = ['first', 'second', 'third']
    const written = []
    for (const [k, text] of texts.entries()) {
      written.push((await addNote(incident.id, { text })).body)
      if (k === 0) expect((await w.patch(incident.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    }
    const notes = await notesOf(incident.id)
    expect(notes).toEqual(written)
    expect(notes.map((n) => n.text)).toEqual(texts)
  })

  it('a resolved incident still takes notes', async () => {
    const incident = await w.create()
    expect((await w.patch(incident.id, { status: 'RESOLVED' })).status).toBe(200)
    const r = await addNote(incident.id, { text: 'postmortem: INC-123' })
    expect(r.status, r.text).toBe(201)
    expect((await w.get(incident.id)).status).toBe('RESOLVED')
    expect((await notesOf(incident.id)).map((n) => n.text)).toEqual(['postmortem: INC-123'])
  })

  it('refuses a text that is missing, blank, not a string or over 10 000 characters, and unknown fields', async () => {
    const incident = await w.create()
    for (const body of [{}, { text: '' }, { text: '   \n ' }, { text: 42 }, { text: null }, { text: 'x'.repeat(10_001) }, { text: 'ok', pinned: true }]) {
      expectError(await addNote(incident.id, body), 422, 'VALIDATION_ERROR')
    }
    expect((await addNote(incident.id, { text: 'x'.repeat(10_000) })).status).toBe(201)
    expect((await notesOf(incident.id)).map((n) => n.text.length)).toEqual([10_000])
  })

  it('answers 404 for an incident that does not exist, whatever its id looks like', async () => {
    for (const id of ['inc_00000000000000000000000000', 'nope', 'x'.repeat(300)]) {
      expectError(await addNote(id, { text: 'hello' }), 404, 'NOT_FOUND')
      expectError(await w.api('GET', `/api/incidents/${id}/notes`), 404, 'NOT_FOUND')
    }
  })

  it('needs incidents:write to write and incidents:read to read; notes are never edited or deleted', async () => {
    const incident = await w.create()
    const reader = await w.withScopes(['incidents:read'])
    expectError(await reader('POST', `/api/incidents/${incident.id}/notes`, { body: { text: 'hi' } }), 403, 'FORBIDDEN')
    expect((await reader('GET', `/api/incidents/${incident.id}/notes`)).status).toBe(200)
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const r = await w.api(method, `/api/incidents/${incident.id}/notes`, { body: { text: 'x' } })
      expectError(r, 405, 'METHOD_NOT_ALLOWED')
      expect(r.headers.get('allow')).toBe('GET, POST')
    }
  })

  it('stores an incident.annotated message with the note, for each matching subscription', async () => {
    const serviceId = (await makeService(w.db)).id
    await subscribed(w, serviceId)
    const incident = await w.create({ serviceId })
    expect((await addNote(incident.id, { text: 'annotated' })).status).toBe(201)
    const event = (await w.get(incident.id)).timeline.find((e) => e.type === 'note')!
    const messages = await w.db.read.webhookMessage.findMany({ where: { incidentId: incident.id }, orderBy: { id: 'asc' } })
    expect(messages.map((m) => [m.type, m.eventId]).sort()).toEqual(
      [['incident.annotated', event.id], ['incident.triggered', expect.any(String)]].sort(),
    )
  })
})

describe('PATCH with a note', () => {
  it('writes the change and the note together, the note after the change’s events', async () => {
    const incident = await w.create()
    const r = await w.patch(incident.id, { status: 'RESOLVED', note: 'Root cause: expired certificate.' })
    expect(r.status, r.text).toBe(200)
    expect(r.body.status).toBe('RESOLVED')
    const after = await w.get(incident.id)
    expect(after.timeline.map((e) => e.type)).toEqual(['created', 'resolved', 'note'])
    const [resolved, note] = after.timeline.slice(1)
    expect(note!.at).toBe(resolved!.at)
    expect(r.headers.get('etag')).toBe((await w.api('GET', `/api/incidents/${incident.id}`)).headers.get('etag'))
    expect((await notesOf(incident.id)).map((n) => n.text)).toEqual(['Root cause: expired certificate.'])
  })

  it('writes the note when the change itself is a no-op (the PATCH answers 200)', async () => {
    const incident = await w.create()
    expect((await w.patch(incident.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    const before = await w.api('GET', `/api/incidents/${incident.id}`)
    const r = await w.patch(incident.id, { status: 'ACKNOWLEDGED', note: 'still on it' })
    expect(r.status, r.text).toBe(200)
    expect(r.headers.get('etag')).not.toBe(before.headers.get('etag'))
    const after = await w.get(incident.id)
    expect(after.timeline.map((e) => e.type)).toEqual(['created', 'acknowledged', 'note'])
    expect((await notesOf(incident.id)).map((n) => n.text)).toEqual(['still on it'])
  })

  it('writes no note when the change is refused (409, 412, 422 for a reference, 404)', async () => {
    const incident = await w.create()
    expect((await w.patch(incident.id, { status: 'RESOLVED' })).status).toBe(200)
    expectError(await w.patch(incident.id, { status: 'ACKNOWLEDGED', note: 'refused' }), 409, 'INVALID_TRANSITION')
    expectError(await w.patch(incident.id, { urgency: 'LOW', note: 'stale' }, { 'If-Match': '"nope"' }), 412, 'PRECONDITION_FAILED')
    expectError(await w.patch(incident.id, { assigneeId: 'usr_nobody', note: 'nobody' }), 422, 'VALIDATION_ERROR', 'assigneeId')
    expectError(await w.patch('inc_00000000000000000000000000', { urgency: 'LOW', note: 'lost' }), 404, 'NOT_FOUND')
    expect(await notesOf(incident.id)).toEqual([])
  })

  it('refuses a note alone (422: use the notes endpoint) and a bad note with a change', async () => {
    const incident = await w.create()
    const alone = expectError(await w.patch(incident.id, { note: 'just a note' }), 422, 'VALIDATION_ERROR')
    expect(alone.message).toMatch(/notes/)
    expectError(await w.patch(incident.id, { urgency: 'LOW', note: '' }), 422, 'VALIDATION_ERROR', 'note')
    expectError(await w.patch(incident.id, { urgency: 'LOW', note: 'x'.repeat(10_001) }), 422, 'VALIDATION_ERROR', 'note')
    expect((await w.get(incident.id)).timeline.map((e) => e.type)).toEqual(['created'])
  })

  it('a PATCH with a note stores both messages', async () => {
    const serviceId = (await makeService(w.db)).id
    await subscribed(w, serviceId)
    const incident = await w.create({ serviceId })
    expect((await w.patch(incident.id, { status: 'ACKNOWLEDGED', note: unique('ack note') })).status).toBe(200)
    const messages = await w.db.read.webhookMessage.findMany({ where: { incidentId: incident.id } })
    expect(messages.map((m) => m.type).sort()).toEqual(['incident.acknowledged', 'incident.annotated', 'incident.triggered'])
  })
})
