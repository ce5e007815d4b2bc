// GET /api/incidents?sort=triage: OPEN, ACKNOWLEDGED, SNOOZED, RESOLVED; HIGH before LOW within a
// status; newest first within a group, ties on createdAt broken by id (descending). The groups are
// made newest-last, so an order by creation alone is the reverse of the right one. Every page,
// filter and page size must be exactly the slice of that order a plain sort of the rows gives.
import { beforeAll, describe, expect, it } from 'vitest'
import { createIncident } from '@/lib/incidents/commands'
import { TRIAGE_GROUPS } from '@/lib/incidents/rules/triage'
import { incidentListSchema } from '@/lib/schemas/incidents'
import { expectError, getAfterIdle, makeUser, unique, world, type World } from './helpers'

const actor = { type: 'system' as const, name: 'triage order test' }
const DAY = 86_400_000

interface Made {
  id: string
  rank: number
  status: string
  urgency: string
  createdAt: number
  assigned: boolean
  tagged: boolean
}

let w: World
let userId: string
const tag = unique('Burns')
const made: Made[] = []

async function list(query: string) {
  // The setup makes its incidents in process, leaving the socket idle for seconds.
  const r = await getAfterIdle(w.api, `/api/incidents?serviceId=${w.serviceId}&sort=triage&${query}`)
  expect(r.status, r.text).toBe(200)
  return incidentListSchema.strict().parse(r.body)
}

/** The order the contract states, by a plain sort of what the test made. */
const expected = (keep: (m: Made) => boolean = () => true) =>
  made
    .filter(keep)
    .sort((a, b) => a.rank - b.rank || b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((m) => m.id)

const newest = () => Math.max(...made.map((m) => m.createdAt))

/** Every page of `size` in turn, checking each page's counts, joined. */
async function walk(query: string, size: number, total: number): Promise<string[]> {
  const ids: string[] = []
  for (let offset = 0; offset < total + size; offset += size) {
    const page = await list(`${query}&limit=${size}&offset=${offset}`)
    expect(page).toMatchObject({ total, limit: size, offset, hasMore: offset + page.incidents.length < total })
    ids.push(...page.incidents.map((i) => i.id))
  }
  return ids
}

beforeAll(async () => {
  w = await world()
  userId = (await makeUser(w.db)).id
  const base = new Date('2003-05-01T00:00:00Z').getTime()
  for (const g of TRIAGE_GROUPS) {
    // Later groups are newer; within a group two incidents share an instant (the id breaks the tie).
    const at = [base + g.rank * DAY, base + g.rank * DAY, base + g.rank * DAY - 3_600_000]
    for (const [k, t] of at.entries()) {
      const tagged = k !== 1
      const assigned = k === 0
      const r = await createIncident(
        w.db,
        actor,
        { title: tagged ? `${tag} ${g.rank}.${k}` : unique('plain'), serviceId: w.serviceId, urgency: g.urgency, ...(assigned && { assigneeId: userId }) },
        { now: new Date(t) },
      )
      if (g.status !== 'OPEN') {
        const p = await w.patch(r.incident.id, { status: g.status })
        expect(p.status, p.text).toBe(200)
      }
      made.push({ id: r.incident.id, rank: g.rank, status: g.status, urgency: g.urgency, createdAt: t, assigned, tagged })
    }
  }
}, 120_000)

describe('sort=triage', () => {
  it('puts open before acknowledged before snoozed before resolved, high before low, then newest first', async () => {
    const page = await list('limit=200')
    expect(page.incidents.map((i) => i.id)).toEqual(expected())
    expect(page.incidents.map((i) => `${i.status}/${i.urgency}`)).toEqual(expected().map((id) => made.find((m) => m.id === id)!).map((m) => `${m.status}/${m.urgency}`))
    expect(page).toMatchObject({ total: made.length, hasMore: false })
  })

  it('ignores order', async () => {
    expect((await list('order=asc&limit=200')).incidents.map((i) => i.id)).toEqual(expected())
  })

  it('pages across group boundaries and createdAt ties without repeating or skipping a row', async () => {
    for (const size of [1, 2, 5]) expect(await walk('', size, made.length)).toEqual(expected())
    expect(await list(`offset=${made.length}`)).toMatchObject({ incidents: [], total: made.length, hasMore: false })
  })

  it('keeps the order under every filter, alone and combined', async () => {
    const cases: [string, (m: Made) => boolean][] = [
      ['status=OPEN,ACKNOWLEDGED,SNOOZED', (m) => m.status !== 'RESOLVED'],
      ['status=resolved,snoozed', (m) => m.status === 'RESOLVED' || m.status === 'SNOOZED'],
      ['urgency=LOW', (m) => m.urgency === 'LOW'],
      [`assigneeId=${userId}`, (m) => m.assigned],
      ['assigneeId=none', (m) => !m.assigned],
      [`q=${encodeURIComponent(tag)}`, (m) => m.tagged],
      [`createdAfter=${new Date(made[0].createdAt + 2 * DAY).toISOString()}`, (m) => m.createdAt > made[0].createdAt + 2 * DAY],
      [`status=ACKNOWLEDGED,RESOLVED&urgency=HIGH&q=${encodeURIComponent(tag)}`, (m) => (m.status === 'ACKNOWLEDGED' || m.status === 'RESOLVED') && m.urgency === 'HIGH' && m.tagged],
      [`status=OPEN,SNOOZED,RESOLVED&assigneeId=none&createdBefore=${new Date(newest()).toISOString()}`, (m) => m.status !== 'ACKNOWLEDGED' && !m.assigned && m.createdAt < newest()],
    ]
    for (const [query, keep] of cases) {
      const want = expected(keep)
      expect(want.length, query).toBeGreaterThan(1)
      expect((await list(`${query}&limit=200`)).incidents.map((i) => i.id), query).toEqual(want)
      expect(await walk(query, 2, want.length), query).toEqual(want)
    }
  })

  it('refuses a bad sort or paging value with the contract error, never a 500', async () => {
    for (const [query, field] of [
      ['sort=Triage', 'sort'],
      ['sort=triage,createdAt', 'sort'],
      ['sort=triage&offset=-1', 'offset'],
      ['sort=triage&offset=abc', 'offset'],
      ['sort=triage&limit=0', 'limit'],
    ]) {
      expectError(await w.api('GET', `/api/incidents?${query}`), 422, 'VALIDATION_ERROR', field)
    }
  })
})
