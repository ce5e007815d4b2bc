// Deep pages (offset ≥ DEEP_OFFSET, sorted by createdAt, status/service filters) start at the
// createdAt bucket that holds their offset, found from the maintained per-bucket counts. Whatever
// the shortcut, every page must be exactly the slice a plain ORDER BY createdAt, id gives: same
// rows, same order, same total and hasMore — across bucket edges, on ties, after status changes
// move incidents between statuses, ascending and descending.
import { beforeAll, describe, expect, it } from 'vitest'
import { createIncident } from '@/lib/incidents/commands'
import { bucketOf, bucketStart } from '@/lib/incidents/store/buckets'
import { DEEP_OFFSET } from '@/lib/incidents/store/list'
import { getAfterIdle, makeService, provider, unique, world, type World } from './helpers'

const actor = { type: 'system' as const, name: 'deep pages test' }
const HOUR = 3_600_000
// The test's own creates (in process, to set createdAt): SQLite runs them one at a time anyway.
const WRITERS = provider === 'sqlite' ? 1 : 8
// All in 2001: older than anything the other test files make, spread over about a dozen buckets.
const FIRST = bucketStart(bucketOf(new Date('2001-03-01T00:00:00Z')))

interface Made {
  id: string
  i: number
  serviceId: string
}

let w: World
let other: string
const mine: Made[] = []

async function inChunks<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>) {
  for (let k = 0; k < items.length; k += size) await Promise.all(items.slice(k, k + size).map(fn))
}

/** Status changes through the API, as clients make them. */
async function setStatus(made: Made[], status: 'RESOLVED' | 'ACKNOWLEDGED' | 'OPEN') {
  await inChunks(made, 8, async (m) => {
    const r = await w.patch(m.id, { status })
    expect(r.status, r.text).toBe(200)
  })
}

beforeAll(async () => {
  w = await world()
  other = (await makeService(w.db)).id
  // Pairs share an instant (the id breaks the tie); some sit exactly on a bucket edge or 1 ms before it.
  const plan: { serviceId: string; at: Date; i: number }[] = []
  for (let i = 0; i < 1300; i++) plan.push({ serviceId: w.serviceId, at: new Date(FIRST.getTime() - 40 * HOUR + Math.floor(i / 2) * 6 * HOUR), i })
  for (const b of [3, 6]) {
    for (let k = 0; k < 4; k++) plan.push({ serviceId: w.serviceId, at: bucketStart(bucketOf(FIRST) + b), i: 10_000 + b * 10 + k })
    for (let k = 0; k < 3; k++) plan.push({ serviceId: w.serviceId, at: new Date(bucketStart(bucketOf(FIRST) + b).getTime() - 1), i: 20_000 + b * 10 + k })
  }
  for (let j = 0; j < 250; j++) plan.push({ serviceId: other, at: new Date(FIRST.getTime() + j * 17 * HOUR + 1234), i: 30_000 + j })
  await inChunks(plan, WRITERS, async (p) => {
    const r = await createIncident(w.db, actor, { title: unique('deep'), serviceId: p.serviceId, urgency: 'LOW' }, { now: p.at })
    mine.push({ id: r.incident.id, i: p.i, serviceId: p.serviceId })
  })
}, 240_000)

type Filter = { status?: string; serviceId?: string }

// The status changes leave the sockets idle for seconds.
const get = (path: string) => getAfterIdle(w.api, path)

/** The plain ordering, read straight from the table: no offset, no buckets. */
async function naive(f: Filter, order: 'asc' | 'desc') {
  return w.db.read.incident.findMany({
    where: {
      ...(f.status && { status: { in: f.status.split(',') } }),
      ...(f.serviceId && { serviceId: { in: f.serviceId.split(',') } }),
    },
    orderBy: [{ createdAt: order }, { id: order }],
    select: { id: true, createdAt: true },
  })
}

/**
 * Compares pages at the offsets that matter: around every bucket edge of the ordering (a page
 * ending on it, starting on it, crossing it), the threshold, the last rows and past the end.
 * Returns how many of them started past the first bucket with an offset ≥ DEEP_OFFSET.
 */
async function checkPages(f: Filter, order: 'asc' | 'desc'): Promise<number> {
  const rows = await naive(f, order)
  const total = rows.length
  const offsets = new Set([0, DEEP_OFFSET - 1, DEEP_OFFSET, DEEP_OFFSET + 1, total - 51, total - 50, total - 1, total, total + 7])
  for (let p = 1; p < total; p++) {
    if (bucketOf(rows[p].createdAt) !== bucketOf(rows[p - 1].createdAt)) for (const d of [-50, -1, 0, 1]) offsets.add(p + d)
  }
  const list = [...offsets].filter((o) => o >= 0).sort((a, b) => a - b)
  const query = new URLSearchParams({ ...f, order })
  let deep = 0
  await inChunks(list.map((offset, k) => ({ offset, limit: [50, 1, 100, 7][k % 4] })), 8, async ({ offset, limit }) => {
    const r = await get(`/api/incidents?${query}&offset=${offset}&limit=${limit}`)
    expect(r.status, r.text).toBe(200)
    const want = rows.slice(offset, offset + limit).map((x) => x.id)
    const where = `${query} offset=${offset} limit=${limit}`
    expect(r.body.incidents.map((x: { id: string }) => x.id), where).toEqual(want)
    expect(r.body.total, where).toBe(total)
    expect(r.body.hasMore, where).toBe(offset + want.length < total)
    if (offset >= DEEP_OFFSET && offset < total && bucketOf(rows[offset].createdAt) !== bucketOf(rows[0].createdAt)) deep++
  })
  return deep
}

async function checkAll(filters: Filter[]) {
  for (const f of filters) {
    for (const order of ['asc', 'desc'] as const) {
      const deep = await checkPages(f, order)
      // The shortcut is taken for this list: it holds more than DEEP_OFFSET rows across buckets.
      if ((await naive(f, order)).length > DEEP_OFFSET + 100) expect(deep, `${JSON.stringify(f)} ${order}`).toBeGreaterThan(5)
    }
  }
}

describe('deep pages through the per-bucket counts', () => {
  it('equal the plain ordering for new incidents, with and without filters', async () => {
    expect((await naive({ serviceId: w.serviceId }, 'asc')).length).toBeGreaterThan(DEEP_OFFSET + 100)
    await checkAll([{}, { serviceId: w.serviceId }, { serviceId: w.serviceId, status: 'OPEN' }, { serviceId: `${w.serviceId},${other}` }])
  }, 120_000)

  it('equal the plain ordering after status changes move incidents between statuses', async () => {
    const byI = (pred: (m: Made) => boolean) => mine.filter(pred)
    await setStatus(byI((m) => m.serviceId === w.serviceId && m.i % 8 !== 0), 'RESOLVED')
    await setStatus(byI((m) => m.serviceId === w.serviceId && m.i % 16 === 0), 'ACKNOWLEDGED')
    await setStatus(byI((m) => m.serviceId === other && m.i % 2 === 0), 'RESOLVED')
    const resolved = { serviceId: w.serviceId, status: 'RESOLVED' }
    expect((await naive(resolved, 'asc')).length).toBeGreaterThan(DEEP_OFFSET + 100)
    const filters: Filter[] = [
      {},
      { status: 'RESOLVED' },
      resolved,
      { serviceId: w.serviceId },
      { serviceId: `${w.serviceId},${other}`, status: 'RESOLVED,ACKNOWLEDGED' },
      { serviceId: w.serviceId, status: 'OPEN,ACKNOWLEDGED' },
    ]
    await checkAll(filters)

    // Reopen a run of them in the middle of the ordering: the buckets there lose RESOLVED rows.
    await setStatus(byI((m) => m.serviceId === w.serviceId && m.i >= 500 && m.i < 560 && m.i % 8 !== 0), 'OPEN')
    await checkAll(filters)
  }, 180_000)
})
