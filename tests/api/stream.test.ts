// The live stream (GET /api/incidents/stream): its `ready` notice carries the change marker, which
// the dashboard compares with the marker its page was rendered at, and `change` notices follow
// every change, whoever makes it. A marker that stood still across a change would leave a page
// showing stale data until its next minute's poll; these fail if it does.
import { beforeAll, describe, expect, it } from 'vitest'
import { renameService } from '@/lib/directory/services'
import { createIncident } from '@/lib/incidents/commands'
import { openStream as openStreamOf, readyMarker as readyMarkerOf } from '../support/stream'
import { baseUrl, makeKey, makeService, unique, world, type World } from './helpers'

let w: World

beforeAll(async () => {
  w = await world()
})

/** The stream, opened with a key of the file's own, checked to be a stream. */
async function openStream() {
  const s = await openStreamOf(baseUrl, w.key)
  expect(s.response.status).toBe(200)
  expect(s.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
  return s
}

const readyMarker = () => readyMarkerOf(baseUrl, w.key)

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
  const anonymous = await openStreamOf(baseUrl, '')
  expect(anonymous.response.status).toBe(401)
  anonymous.close()
  const { key } = await makeKey(w.db, ['events:write'])
  const without = await openStreamOf(baseUrl, key)
  expect(without.response.status).toBe(403)
  without.close()
})
