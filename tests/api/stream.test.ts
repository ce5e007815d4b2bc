// The live stream (GET /api/incidents/stream): its `ready` notice carries the change marker, which
// the dashboard compares with the marker its page was rendered at, and `change` notices follow
// every change, whoever makes it. A marker that stood still across a change would leave a page
// showing stale data until its next minute's poll; these fail if it does.
import { beforeAll, describe, expect, it } from 'vitest'
import { renameService } from '@/lib/directory/services'
import { createIncident } from '@/lib/incidents/commands'
import { baseUrl, makeService, unique, world, type World } from './helpers'

let w: World

beforeAll(async () => {
  w = await world()
})

/** Opens the stream and hands back its notices as they come, and a way to close it. */
async function openStream(key = w.key) {
  const stop = new AbortController()
  const res = await fetch(`${baseUrl}/api/incidents/stream`, { headers: { authorization: `Bearer ${key}` }, signal: stop.signal })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
  const reader = res.body!.getReader()
  let text = ''
  /** The next notice of this kind, with its data. */
  async function next(event: 'ready' | 'change', timeoutMs = 10_000): Promise<{ marker?: string }> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const at = text.indexOf(`event: ${event}\n`)
      const end = at === -1 ? -1 : text.indexOf('\n\n', at)
      if (end !== -1) {
        const data = /^data: (.*)$/m.exec(text.slice(at, end))![1]
        text = text.slice(end + 2)
        return JSON.parse(data) as { marker?: string }
      }
      if (Date.now() > deadline) throw new Error(`no ${event} notice within ${timeoutMs} ms: ${text}`)
      const { value, done } = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${event} notice within ${timeoutMs} ms: ${text}`)), deadline - Date.now())),
      ])
      if (done) throw new Error(`the stream ended: ${text}`)
      text += new TextDecoder().decode(value)
    }
  }
  return { next, close: () => stop.abort() }
}

async function readyMarker(): Promise<string> {
  const s = await openStream()
  try {
    const { marker } = await s.next('ready')
    expect(typeof marker).toBe('string')
    return marker!
  } finally {
    s.close()
  }
}

describe('the ready notice carries the change marker', () => {
  it('the same while nothing changes', async () => {
    expect(await readyMarker()).toBe(await readyMarker())
  })

  it('moved by a create through the API', async () => {
    const before = await readyMarker()
    await w.create()
    expect(await readyMarker()).not.toBe(before)
  })

  it('moved by a status change through the API', async () => {
    const inc = await w.create()
    const before = await readyMarker()
    expect((await w.patch(inc.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    expect(await readyMarker()).not.toBe(before)
  })

  it('moved by a write from another process, and by renaming a service a list shows', async () => {
    const before = await readyMarker()
    await createIncident(w.db, { type: 'apiKey', id: 'key_stream_test', name: 'stream test' }, { title: unique('elsewhere'), serviceId: w.serviceId, urgency: 'HIGH' })
    const afterCreate = await readyMarker()
    expect(afterCreate).not.toBe(before)
    const service = await makeService(w.db)
    const afterService = await readyMarker()
    expect(afterService).not.toBe(afterCreate)
    await renameService(w.db, service.id, { name: unique('renamed') })
    expect(await readyMarker()).not.toBe(afterService)
  })
})

it('a change notice follows a change, carrying the new marker', async () => {
  const s = await openStream()
  try {
    const { marker: before } = await s.next('ready')
    await w.create()
    const { marker } = await s.next('change')
    expect(marker).not.toBe(before)
    expect(marker).toBe(await readyMarker())
  } finally {
    s.close()
  }
})

it('needs incidents:read', async () => {
  const r = await fetch(`${baseUrl}/api/incidents/stream`)
  expect(r.status).toBe(401)
  await r.body?.cancel()
})
