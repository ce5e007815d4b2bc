// The escalation engine on two instances of one PostgreSQL database, both sweeping every 50 ms:
// each step of each incident fires exactly once, and a step that fell due while every instance was
// down fires once when one comes back.
import { beforeAll, describe, expect, it } from 'vitest'
import { setServicePolicy, createPolicy } from '@/lib/escalation/policies'
import type { Db } from '@/lib/db/client'
import { startApp, type RunningApp } from '../support/app'
import { client, makeKey, makeUser } from '../support/fixtures'
import { twoInstances } from '../support/instances'
import { postgresServer } from '../support/providers'

const PG_SERVER = postgresServer()
const INCIDENTS = 12
const ENV = { ESCALATION_SWEEP_MS: '50', RATE_LIMIT_WRITES_PER_MINUTE: '0', RATE_LIMIT_READS_PER_MINUTE: '0' }

describe.runIf(PG_SERVER)('escalation on two instances of one PostgreSQL database', () => {
  const instances = twoInstances(ENV)
  let db: Db
  let ids: string[]

  const escalated = async () => {
    const rows = await db.read.timelineEvent.findMany({ where: { incidentId: { in: ids }, type: 'escalated' }, select: { incidentId: true, details: true }, orderBy: [{ at: 'asc' }, { id: 'asc' }] })
    return ids.map((id) => rows.filter((r) => r.incidentId === id).map((r) => JSON.parse(r.details) as { step: number; pass: number }))
  }
  const until = async (count: number) => {
    for (let waited = 0; waited < 15_000; waited += 100) {
      if ((await escalated()).every((list) => list.length >= count)) break
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  /** Every incident's next step falls due now. */
  const timeRunsOut = () => db.transaction((tx) => tx.incident.updateMany({ where: { id: { in: ids }, escalationDueAt: { not: null } }, data: { escalationDueAt: new Date() } }))

  beforeAll(async () => {
    db = instances.db
    const [first, second] = [await makeUser(db), await makeUser(db)]
    const steps = [first, second].map((u) => ({ targets: [{ type: 'user' as const, id: u.id }], escalateAfterMinutes: 10 }))
    const policy = await createPolicy(db, { name: 'two steps, twice', steps, repeat: 1 })
    await setServicePolicy(db, instances.serviceId, policy.id)
    const { key } = await makeKey(db)
    const [onA, onB] = [client(instances.a.baseUrl, key), client(instances.b.baseUrl, key)]
    const created = await Promise.all(
      Array.from({ length: INCIDENTS }, (_, i) => (i % 2 ? onA : onB)('POST', '/api/incidents', { body: { title: `esc ${i}`, serviceId: instances.serviceId, urgency: 'HIGH' } })),
    )
    ids = created.map((r) => r.body.id as string)
  })

  it('fires every step of every incident exactly once, then stops', async () => {
    const expected = [
      { step: 1, pass: 0 },
      { step: 2, pass: 0 },
      { step: 1, pass: 1 },
      { step: 2, pass: 1 },
    ]
    for (let k = 1; k <= expected.length; k++) {
      if (k > 1) await timeRunsOut()
      await until(k)
      // Several sweeps of both instances pass before the count is read again.
      await new Promise((r) => setTimeout(r, 300))
      for (const list of await escalated()) expect(list.map(({ step, pass }) => ({ step, pass }))).toEqual(expected.slice(0, k))
    }
    expect(await db.read.incident.count({ where: { id: { in: ids }, escalationDueAt: { not: null } } })).toBe(0)
    const assigned = await db.read.timelineEvent.groupBy({ by: ['incidentId'], where: { incidentId: { in: ids }, type: 'assigned' }, _count: true })
    expect(assigned.map((g) => g._count)).toEqual(Array(INCIDENTS).fill(1))
  })

  it('fires a step that fell due while both instances were down once, when they are back', async () => {
    const before = (await escalated()).map((l) => l.length)
    await Promise.all([instances.a.stop(), instances.b.stop()])
    // Both down: the incidents are reopened from scratch as the database sees it (step 1 due, long ago).
    await db.transaction((tx) => tx.incident.updateMany({ where: { id: { in: ids } }, data: { escalationDueAt: new Date(Date.now() - 3_600_000), escalationStep: 0, escalationPass: 0 } }))
    const back: RunningApp[] = await Promise.all([startApp({ databaseUrl: instances.databaseUrl, env: ENV }), startApp({ databaseUrl: instances.databaseUrl, env: ENV })])
    ;[instances.a, instances.b] = back
    await until(before[0] + 1)
    await new Promise((r) => setTimeout(r, 500))
    const after = await escalated()
    after.forEach((list, i) => {
      expect(list).toHaveLength(before[i] + 1)
      expect(list.at(-1)).toMatchObject({ step: 1, pass: 0 })
    })
  })
})
