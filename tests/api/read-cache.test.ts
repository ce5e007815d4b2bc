// The server keeps list and summary answers while nothing has changed (lib/incidents/readCache.ts).
// Each case asks the same question twice around one change and expects the second answer to show
// it: through the API, and from another process (this test's own connection), as the CLI or a
// second instance would write — the server hears of those only through the change counter.
import { beforeAll, describe, expect, it } from 'vitest'
import { renameService } from '@/lib/directory/services'
import { updateUser } from '@/lib/directory/users'
import { createIncident } from '@/lib/incidents/commands'
import { incidentListSchema } from '@/lib/schemas/incidents'
import { incidentSummarySchema } from '@/lib/schemas/summary'
import { makeService, makeUser, unique, world, type World } from './helpers'

let w: World
const actor = { type: 'apiKey' as const, id: 'key_cache_test', name: 'cache test' }

async function list(query = '') {
  const r = await w.api('GET', `/api/incidents?serviceId=${w.serviceId}${query ? `&${query}` : ''}`)
  expect(r.status, r.text).toBe(200)
  return incidentListSchema.strict().parse(r.body)
}

beforeAll(async () => {
  w = await world()
  await w.create({ title: 'first' })
})

describe('repeated reads see every change', () => {
  it('a create through the API', async () => {
    const before = await list()
    expect(await list()).toEqual(before)
    const created = await w.create({ title: unique('new') })
    const after = await list()
    expect(after.total).toBe(before.total + 1)
    expect(after.incidents[0].id).toBe(created.id)
  })

  it('a status change through the API, in the list and in its summary', async () => {
    const inc = await w.create()
    const summary = async () => {
      const r = await w.api('GET', `/api/incidents/summary?serviceId=${w.serviceId}`)
      expect(r.status, r.text).toBe(200)
      return incidentSummarySchema.parse(r.body)
    }
    const counts = (await summary()).counts
    expect((await list('status=OPEN')).incidents.map((i) => i.id)).toContain(inc.id)
    expect((await w.patch(inc.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
    expect((await list('status=OPEN')).incidents.map((i) => i.id)).not.toContain(inc.id)
    expect((await list()).incidents.find((i) => i.id === inc.id)?.status).toBe('ACKNOWLEDGED')
    const now = (await summary()).counts
    expect(now.OPEN).toBe(counts.OPEN - 1)
    expect(now.ACKNOWLEDGED).toBe(counts.ACKNOWLEDGED + 1)
  })

  it('an incident written by another process', async () => {
    const before = await list()
    const { incident } = await createIncident(w.db, actor, { title: unique('from the CLI'), serviceId: w.serviceId, urgency: 'HIGH' })
    const after = await list()
    expect(after.total).toBe(before.total + 1)
    expect(after.incidents[0].id).toBe(incident.id)
  })

  it('a statement run by hand in another process', async () => {
    const inc = await w.create({ title: 'before' })
    expect((await list()).incidents.find((i) => i.id === inc.id)?.title).toBe('before')
    await w.db.transaction((tx) => tx.incident.updateMany({ where: { id: inc.id }, data: { title: 'edited by hand' } }))
    expect((await list()).incidents.find((i) => i.id === inc.id)?.title).toBe('edited by hand')
  })

  it("a service's new name and an assignee's new name", async () => {
    const serviceId = (await makeService(w.db)).id
    const user = await makeUser(w.db)
    await w.create({ serviceId, assigneeId: user.id })
    const read = async () => {
      const r = await w.api('GET', `/api/incidents?serviceId=${serviceId}`)
      return incidentListSchema.parse(r.body).incidents[0]
    }
    expect((await read()).service.name).not.toBe('renamed service')
    await renameService(w.db, serviceId, { name: unique('renamed service') })
    expect((await read()).service.name).toMatch(/^renamed service/)
    await updateUser(w.db, user.id, { name: 'Renamed Person' })
    expect((await read()).assignee?.name).toBe('Renamed Person')
  })
})
