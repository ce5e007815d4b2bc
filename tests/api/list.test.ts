// GET /api/incidents: filters, sort, paging, totals and query validation.
import { beforeAll, describe, expect, it } from 'vitest'
import { createIncident, updateIncident } from '@/lib/incidents/commands'
import { incidentListSchema, type Incident } from '@/lib/schemas/incidents'
import { setIncidentTimes } from '../support/fixtures'
import { expectError, getAfterIdle, makeService, makeUser, world, type World } from './helpers'

let w: World
let svcB: string
let userId: string
const inc: Record<string, Incident> = {}

async function list(query: string) {
  // The deep-list totals below make their incidents in process, leaving the socket idle for seconds.
  const r = await getAfterIdle(w.api, `/api/incidents?${query}`)
  expect(r.status, r.text).toBe(200)
  return incidentListSchema.strict().parse(r.body)
}
const idsOf = async (query: string) => (await list(query)).incidents.map((i) => i.id)
const inA = (q = '') => `serviceId=${w.serviceId}${q ? `&${q}` : ''}`

beforeAll(async () => {
  w = await world()
  svcB = (await makeService(w.db)).id
  userId = (await makeUser(w.db)).id
  inc.a1 = await w.create({ title: 'Database timeout on primary', urgency: 'HIGH', assigneeId: userId })
  inc.a2 = await w.create({ title: 'Disk full', urgency: 'low' })
  inc.a3 = await w.create({ title: 'Ünïcode Ошибка Straße', priority: 'P1' })
  inc.a4 = await w.create({ title: '100% cpu_load', urgency: 'LOW' })
  inc.b1 = await w.create({ title: 'database replica lag', serviceId: svcB })
  expect((await w.patch(inc.a2.id, { status: 'ACKNOWLEDGED' })).status).toBe(200)
  expect((await w.patch(inc.a3.id, { status: 'RESOLVED' })).status).toBe(200)
  expect((await w.patch(inc.a4.id, { status: 'SNOOZED' })).status).toBe(200)
  // Fixed creation and update times, so date filters and sorts have known answers.
  const times: [Incident, string, string][] = [
    [inc.a1, '2024-01-01T00:00:00.000Z', '2024-06-04T00:00:00.000Z'],
    [inc.a2, '2024-02-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z'],
    [inc.a3, '2024-03-01T00:00:00.000Z', '2024-06-03T00:00:00.000Z'],
    [inc.a4, '2024-04-01T00:00:00.000Z', '2024-06-02T00:00:00.000Z'],
  ]
  for (const [i, createdAt, updatedAt] of times) {
    await setIncidentTimes(w.db, [i.id], { createdAt: new Date(createdAt), updatedAt: new Date(updatedAt) })
  }
})

describe('the list', () => {
  it('answers the documented shape with defaults', async () => {
    const r = await list(inA())
    expect(r).toMatchObject({ total: 4, limit: 50, offset: 0, hasMore: false })
    expect(r.incidents.map((i) => i.service.id)).toEqual(Array(4).fill(w.serviceId))
    expect(r.incidents.find((i) => i.id === inc.a1.id)?.assignee?.id).toBe(userId)
  })

  it('sorts by createdAt desc by default, asc on request', async () => {
    expect(await idsOf(inA())).toEqual([inc.a4.id, inc.a3.id, inc.a2.id, inc.a1.id])
    expect(await idsOf(inA('order=asc'))).toEqual([inc.a1.id, inc.a2.id, inc.a3.id, inc.a4.id])
    expect(await idsOf(inA('sort=createdAt&order=DESC'))).toEqual([inc.a4.id, inc.a3.id, inc.a2.id, inc.a1.id])
  })

  it('sorts by updatedAt', async () => {
    expect(await idsOf(inA('sort=updatedAt'))).toEqual([inc.a1.id, inc.a3.id, inc.a4.id, inc.a2.id])
    expect(await idsOf(inA('sort=updatedAt&order=asc'))).toEqual([inc.a2.id, inc.a4.id, inc.a3.id, inc.a1.id])
  })
})

describe('filters', () => {
  it('status: one value, case-insensitive', async () => {
    expect(await idsOf(inA('status=ACKNOWLEDGED'))).toEqual([inc.a2.id])
    expect(await idsOf(inA('status=resolved'))).toEqual([inc.a3.id])
    expect(await idsOf(inA('status=Snoozed'))).toEqual([inc.a4.id])
  })

  it('status: `triggered` means OPEN', async () => {
    expect(await idsOf(inA('status=triggered'))).toEqual([inc.a1.id])
    expect(await idsOf(inA('status=open'))).toEqual([inc.a1.id])
  })

  it('status: a comma-separated list', async () => {
    const r = await list(inA('status=open,acknowledged,SNOOZED'))
    expect(r.incidents.map((i) => i.id)).toEqual([inc.a4.id, inc.a2.id, inc.a1.id])
    expect(r.total).toBe(3)
    expect((await list(inA('status=RESOLVED,open'))).total).toBe(2)
  })

  it('serviceId: one id or a comma-separated list; an unknown id matches nothing', async () => {
    expect(await idsOf(`serviceId=${svcB}`)).toEqual([inc.b1.id])
    expect((await list(`serviceId=${w.serviceId},${svcB}`)).total).toBe(5)
    expect(await list('serviceId=svc_doesnotexist')).toMatchObject({ incidents: [], total: 0, hasMore: false })
    expect((await list(`serviceId=svc_doesnotexist,${svcB}`)).total).toBe(1)
    expect((await list(`serviceId=${'x'.repeat(300)}`)).total).toBe(0)
  })

  it('urgency, case-insensitive', async () => {
    expect(await idsOf(inA('urgency=LOW'))).toEqual([inc.a4.id, inc.a2.id])
    expect(await idsOf(inA('urgency=high'))).toEqual([inc.a3.id, inc.a1.id])
  })

  it('assigneeId: a user, or none for unassigned', async () => {
    expect(await idsOf(`assigneeId=${userId}`)).toEqual([inc.a1.id])
    expect(await idsOf(inA('assigneeId=none'))).toEqual([inc.a4.id, inc.a3.id, inc.a2.id])
    expect((await list('assigneeId=usr_nobody')).total).toBe(0)
    expect((await list(`assigneeId=${encodeURIComponent('ü'.repeat(300))}`)).total).toBe(0)
  })

  it('q: case-insensitive substring of the title', async () => {
    expect(await idsOf(`serviceId=${w.serviceId},${svcB}&q=DATABASE`)).toEqual([inc.b1.id, inc.a1.id])
    expect(await idsOf(inA('q=timeout ON'))).toEqual([inc.a1.id])
    expect(await idsOf(inA('q=nothing-like-this'))).toEqual([])
  })

  it('q: non-ASCII text, in any case', async () => {
    expect(await idsOf(inA(`q=${encodeURIComponent('ошибка')}`))).toEqual([inc.a3.id])
    expect(await idsOf(inA(`q=${encodeURIComponent('ÜNÏCODE')}`))).toEqual([inc.a3.id])
    expect(await idsOf(inA(`q=${encodeURIComponent('straße')}`))).toEqual([inc.a3.id])
  })

  it('q: % and _ are plain characters, not wildcards', async () => {
    expect(await idsOf(inA(`q=${encodeURIComponent('%')}`))).toEqual([inc.a4.id])
    expect(await idsOf(inA('q=_'))).toEqual([inc.a4.id])
    expect(await idsOf(inA(`q=${encodeURIComponent('0% c')}`))).toEqual([inc.a4.id])
    expect(await idsOf(inA(`q=${encodeURIComponent('u_l')}`))).toEqual([inc.a4.id])
    expect(await idsOf(inA(`q=${encodeURIComponent('d_s')}`))).toEqual([])
    expect(await idsOf(inA(`q=${encodeURIComponent('d%k')}`))).toEqual([])
  })

  it('q: a number, with or without #, matches the incident with that number', async () => {
    const n = inc.a2.number
    expect(await idsOf(inA(`q=${n}`))).toContain(inc.a2.id)
    expect(await idsOf(inA(`q=${encodeURIComponent(`#${n}`)}`))).toContain(inc.a2.id)
    expect(await idsOf(`serviceId=${svcB}&q=${inc.a2.number}`)).not.toContain(inc.a2.id)
  })

  it('createdAfter and createdBefore', async () => {
    expect(await idsOf(inA('createdAfter=2024-02-15'))).toEqual([inc.a4.id, inc.a3.id])
    expect(await idsOf(inA('createdBefore=2024-02-15T00:00:00Z'))).toEqual([inc.a2.id, inc.a1.id])
    expect(await idsOf(inA('createdAfter=2024-01-15&createdBefore=2024-03-15'))).toEqual([inc.a3.id, inc.a2.id])
    expect(await idsOf(inA(`createdAfter=${encodeURIComponent('2024-02-01T01:00:00+02:00')}`))).toEqual([inc.a4.id, inc.a3.id, inc.a2.id])
  })

  it('filters combine', async () => {
    const r = await list(inA(`status=open,acknowledged,snoozed&urgency=low&q=disk`))
    expect(r.incidents.map((i) => i.id)).toEqual([inc.a2.id])
    expect(r.total).toBe(1)
  })

  it('unknown parameters are ignored', async () => {
    expect(await idsOf(inA('foo=bar&STATUS=nonsense&api_key=x'))).toHaveLength(4)
  })
})

describe('paging', () => {
  let svcC: string
  let tied: string[]
  beforeAll(async () => {
    svcC = (await makeService(w.db)).id
    const made: string[] = []
    for (let i = 0; i < 7; i++) made.push((await w.create({ serviceId: svcC })).id)
    // All created at the same instant: only the id can order them.
    const at = new Date('2024-05-05T05:05:05.000Z')
    await setIncidentTimes(w.db, made, { createdAt: at, updatedAt: at })
    tied = made
  })

  it('limit, offset, total and hasMore', async () => {
    const first = await list(`serviceId=${svcC}&limit=3`)
    expect(first).toMatchObject({ total: 7, limit: 3, offset: 0, hasMore: true })
    expect(first.incidents).toHaveLength(3)
    const last = await list(`serviceId=${svcC}&limit=3&offset=6`)
    expect(last).toMatchObject({ total: 7, offset: 6, hasMore: false })
    expect(last.incidents).toHaveLength(1)
    expect((await list(`serviceId=${svcC}&limit=3&offset=4`)).hasMore).toBe(false)
  })

  it('an offset past the end is 200 with an empty list', async () => {
    expect(await list(`serviceId=${svcC}&offset=50`)).toMatchObject({ incidents: [], total: 7, hasMore: false, offset: 50 })
    expect(await list(`serviceId=${svcC}&offset=7`)).toMatchObject({ incidents: [], total: 7, hasMore: false })
    // However far past: the contract's largest offset, and any a client can name exactly.
    for (const offset of [1_000_000_000, 99_999_999_999_999, Number.MAX_SAFE_INTEGER]) {
      expect(await list(`serviceId=${svcC}&offset=${offset}`)).toMatchObject({ incidents: [], total: 7, hasMore: false, offset })
      expect(await list(`offset=${offset}&sort=updatedAt`)).toMatchObject({ incidents: [], hasMore: false, offset })
    }
  })

  for (const order of ['desc', 'asc'] as const) {
    for (const sort of ['createdAt', 'updatedAt'] as const) {
      it(`pages over ties (${sort} ${order}) in id order, never repeating or skipping`, async () => {
        const seen: string[] = []
        for (let offset = 0; offset < 10; offset += 2) {
          const page = await list(`serviceId=${svcC}&limit=2&offset=${offset}&sort=${sort}&order=${order}`)
          seen.push(...page.incidents.map((i) => i.id))
          expect(page.hasMore).toBe(offset + page.incidents.length < 7)
        }
        const expected = [...tied].sort()
        if (order === 'desc') expected.reverse()
        expect(seen).toEqual(expected)
      })
    }
  }

  it('limit 1 and 200 are accepted', async () => {
    expect((await list(`serviceId=${svcC}&limit=1`)).incidents).toHaveLength(1)
    expect((await list(`serviceId=${svcC}&limit=200`)).incidents).toHaveLength(7)
  })

  it('total counts every match exactly, whichever filters it uses', async () => {
    const all = await w.db.read.incident.count()
    expect((await list('limit=1')).total).toBe(all)
    const open = await w.db.read.incident.count({ where: { status: 'OPEN' } })
    expect((await list('limit=1&status=open')).total).toBe(open)
    const mine = await w.db.read.incident.count({ where: { serviceId: w.serviceId, status: { in: ['OPEN', 'SNOOZED'] } } })
    expect((await list(inA('limit=1&status=open,snoozed'))).total).toBe(mine)
    const high = await w.db.read.incident.count({ where: { urgency: 'HIGH' } })
    expect((await list('limit=1&urgency=HIGH')).total).toBe(high)
  })
})

// Exact totals pinned to numbers known from what the test made, for the lists whose totals the
// maintained counts cannot give (an urgency filter: a count of the matches) and for deep pages
// (offset ≥ 1,000, where a createdAt list starts at the bucket that holds its offset).
describe('totals of an urgency-filtered list and of deep pages', () => {
  const N = 1_200 // on a service of its own: 1,100 HIGH, 100 LOW (every 12th); 120 HIGH resolved (i % 10 = 1)
  let svcD: string
  const at = (i: number) => new Date(Date.UTC(2002, 0, 1) + i * 7 * 3_600_000) // over about a year: many buckets
  beforeAll(async () => {
    svcD = (await makeService(w.db)).id
    const actor = { type: 'system' as const, name: 'list totals test' }
    for (let i = 0; i < N; i++) {
      const { incident } = await createIncident(w.db, actor, { title: `totals ${i}`, serviceId: svcD, urgency: i % 12 === 0 ? 'LOW' : 'HIGH' }, { now: at(i) })
      if (i % 10 === 1) await updateIncident(w.db, actor, incident.id, { status: 'RESOLVED' }, { now: at(i) })
    }
  }, 120_000)
  const inD = (q: string) => `serviceId=${svcD}&${q}`

  it('an urgency filter, alone and with a status', async () => {
    expect(await list(inD('limit=1'))).toMatchObject({ total: 1_200, hasMore: true })
    expect(await list(inD('urgency=HIGH&limit=1'))).toMatchObject({ total: 1_100, hasMore: true })
    expect(await list(inD('urgency=low&limit=200'))).toMatchObject({ total: 100, hasMore: false })
    expect((await list(inD('urgency=HIGH&status=open&limit=1'))).total).toBe(980)
    expect((await list(inD('urgency=HIGH&status=resolved&limit=1'))).total).toBe(120)
    const summary = await w.api('GET', `/api/incidents/summary?${inD('urgency=HIGH')}`)
    expect(summary.body).toMatchObject({ counts: { OPEN: 980, ACKNOWLEDGED: 0, RESOLVED: 120, SNOOZED: 0 }, total: 1_100 })
  })

  it('deep pages, with and without an urgency filter', async () => {
    // Counted from the maintained counts, started at a bucket.
    expect(await list(inD('offset=1000&limit=50'))).toMatchObject({ total: 1_200, hasMore: true })
    expect(await list(inD('status=open&offset=1000&limit=100'))).toMatchObject({ total: 1_080, hasMore: false })
    // Counted over the matches.
    const high = await list(inD('urgency=HIGH&offset=1050&limit=100'))
    expect(high).toMatchObject({ total: 1_100, hasMore: false })
    const plain = await w.db.read.incident.findMany({
      where: { serviceId: svcD, urgency: 'HIGH' },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: 1_050,
      select: { id: true },
    })
    expect(high.incidents.map((i) => i.id)).toEqual(plain.map((i) => i.id))
    // Past the end: the total comes without a row to carry it.
    expect(await list(inD('urgency=HIGH&status=open&offset=1000'))).toMatchObject({ incidents: [], total: 980, hasMore: false })
    expect(await list(inD('offset=1500'))).toMatchObject({ incidents: [], total: 1_200, hasMore: false })
  })
})

describe('422 for a known parameter with a bad value, naming it', () => {
  const cases: [string, string][] = [
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=-5', 'limit'],
    ['limit=abc', 'limit'],
    ['limit=1.5', 'limit'],
    ['limit=', 'limit'],
    ['offset=-1', 'offset'],
    ['offset=x', 'offset'],
    ['status=closed', 'status'],
    ['status=open,bogus', 'status'],
    ['status=', 'status'],
    ['serviceId=', 'serviceId'],
    ['urgency=medium', 'urgency'],
    ['assigneeId=', 'assigneeId'],
    [`q=${'x'.repeat(201)}`, 'q'],
    ['createdAfter=yesterday', 'createdAfter'],
    ['createdBefore=2024-13-45', 'createdBefore'],
    ['createdAfter=2024-02-30T00:00:00Z', 'createdAfter'],
    ['sort=title', 'sort'],
    ['order=sideways', 'order'],
  ]
  it.each(cases)('%s', async (query, field) => {
    const r = await w.api('GET', `/api/incidents?${query}`)
    const error = expectError(r, 422, 'VALIDATION_ERROR')
    expect(error.details?.map((d) => d.field)).toContain(field)
  })
})
