// GET /api/analytics and /api/analytics.csv over HTTP, on a small hand-made history whose times
// are set exactly: incidents are created and changed through the incident domain's own commands
// with a given clock (the server reads the same database), so every expected figure below is
// worked out by hand from the times written here.
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { createIncident, updateIncident } from '@/lib/incidents/commands'
import { ingestAlert } from '@/lib/incidents/alerts'
import { SYSTEM_ACTOR } from '@/lib/incidents/rules/actor'
import { analyticsSchema, type Analytics } from '@/lib/schemas/analytics'
import type { UpdateIncidentInput } from '@/lib/schemas/incidents'
import { dailyStatViolations } from '../support/dailyStats'
import { baseUrl, expectError, makeService, unique, world, type World } from './helpers'

const at = (iso: string) => new Date(iso)
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000)

describe('analytics', () => {
  let w: World
  let a: string
  let b: string
  let bName: string

  const create = async (serviceId: string, createdAt: string) =>
    (await createIncident(w.db, SYSTEM_ACTOR, { title: unique('analytics'), serviceId, urgency: 'HIGH' }, { now: at(createdAt) })).incident.id
  const change = (id: string, status: UpdateIncidentInput['status'], when: Date, extra: Partial<UpdateIncidentInput> = {}) =>
    updateIncident(w.db, SYSTEM_ACTOR, id, { status, ...extra }, { now: when })

  beforeAll(async () => {
    w = await world()
    a = w.serviceId
    // A name a spreadsheet would take for a formula, with a comma and quotes: the CSV must keep it text.
    bName = `=SUM(1,2) "b" ${unique('svc')}`
    b = (await makeService(w.db, bName)).id

    // Service A. 2025-03-03 is a Monday; 2025-03-09 a Sunday.
    const a1 = await create(a, '2025-03-03T10:00:00.000Z')
    await change(a1, 'ACKNOWLEDGED', plus('2025-03-03T10:00:00.000Z', 60))
    await change(a1, 'RESOLVED', plus('2025-03-03T10:00:00.000Z', 600))
    // The last millisecond of a day, and the first of the next.
    const a2 = await create(a, '2025-03-03T23:59:59.999Z')
    await change(a2, 'ACKNOWLEDGED', plus('2025-03-03T23:59:59.999Z', 120.5))
    const a3 = await create(a, '2025-03-04T00:00:00.000Z')
    await change(a3, 'RESOLVED', plus('2025-03-04T00:00:00.000Z', 3600))
    // Acknowledged, un-acknowledged, acknowledged again, resolved, reopened, resolved: it ends
    // resolved after 500 s and, reopened in between, not acknowledged (a reopen clears acknowledgedAt).
    const a4 = await create(a, '2025-03-09T12:00:00.000Z')
    await change(a4, 'ACKNOWLEDGED', plus('2025-03-09T12:00:00.000Z', 30))
    await change(a4, 'OPEN', plus('2025-03-09T12:00:00.000Z', 40))
    await change(a4, 'ACKNOWLEDGED', plus('2025-03-09T12:00:00.000Z', 90))
    await change(a4, 'RESOLVED', plus('2025-03-09T12:00:00.000Z', 200))
    await change(a4, 'OPEN', plus('2025-03-09T12:00:00.000Z', 300))
    await change(a4, 'RESOLVED', plus('2025-03-09T12:00:00.000Z', 500))
    // Changes that move nothing the analytics count.
    await change(a4, undefined, plus('2025-03-09T12:00:00.000Z', 510), { title: 'renamed' })

    // Service B: one incident opened by an alert and folded into twice (3 alerts), snoozed, then
    // acknowledged after 40 s; one acknowledged after 10 s and resolved after 20 s.
    const trigger = { action: 'trigger' as const, dedupKey: unique('key'), source: 'generic' as const, title: 't', description: null, urgency: 'HIGH' as const }
    const alert = { summary: 's', severity: 'critical', source: 'test', details: {} }
    const b2 = (await ingestAlert(w.db, SYSTEM_ACTOR, b, { ...trigger, alert }, at('2025-03-03T08:00:00.000Z'))).incidentId!
    await ingestAlert(w.db, SYSTEM_ACTOR, b, { ...trigger, alert }, at('2025-03-03T08:00:05.000Z'))
    await ingestAlert(w.db, SYSTEM_ACTOR, b, { ...trigger, alert }, at('2025-03-03T08:00:06.000Z'))
    await change(b2, 'SNOOZED', plus('2025-03-03T08:00:00.000Z', 20), { snoozeMinutes: 30 })
    await change(b2, 'ACKNOWLEDGED', plus('2025-03-03T08:00:00.000Z', 40))
    const b1 = await create(b, '2025-03-10T00:00:00.000Z')
    await change(b1, 'ACKNOWLEDGED', plus('2025-03-10T00:00:00.000Z', 10))
    await change(b1, 'RESOLVED', plus('2025-03-10T00:00:00.000Z', 20))
  })

  const get = async (query: string): Promise<Analytics> => {
    const r = await w.api('GET', `/api/analytics?${query}`)
    expect(r.status, r.text).toBe(200)
    return analyticsSchema.strict().parse(r.body)
  }
  const day = (start: string, created: number, acknowledged: number, resolved: number, mttaSeconds: number | null, mttrSeconds: number | null) => ({
    start: `${start}T00:00:00.000Z`,
    created,
    acknowledged,
    resolved,
    mttaSeconds,
    mttrSeconds,
  })

  it('counts each UTC day exactly, with the mean times of the acknowledged and the resolved', async () => {
    const r = await get(`from=2025-03-03&to=2025-03-10&serviceId=${a}`)
    expect(r.buckets).toEqual([
      day('2025-03-03', 2, 2, 1, 90.25, 600),
      day('2025-03-04', 1, 0, 1, null, 3600),
      day('2025-03-05', 0, 0, 0, null, null),
      day('2025-03-06', 0, 0, 0, null, null),
      day('2025-03-07', 0, 0, 0, null, null),
      day('2025-03-08', 0, 0, 0, null, null),
      day('2025-03-09', 1, 0, 1, null, 500),
      day('2025-03-10', 0, 0, 0, null, null),
    ])
    expect(r.services).toEqual([{ id: a, name: expect.any(String), created: 4, alerts: 0, mttaSeconds: 90.25, mttrSeconds: 1566.667 }])
  })

  it('sums several services, and names each with its alerts', async () => {
    const r = await get(`from=2025-03-03&to=2025-03-04&serviceId=${a},${b}`)
    expect(r.buckets).toEqual([day('2025-03-03', 3, 3, 1, 73.5, 600), day('2025-03-04', 1, 0, 1, null, 3600)])
    expect(r.services.find((s) => s.id === b)).toEqual({ id: b, name: bName, created: 1, alerts: 3, mttaSeconds: 40, mttrSeconds: null })
    const onlyB = await get(`from=2025-03-01&to=2025-03-31&serviceId=${b}`)
    expect(onlyB.services).toEqual([{ id: b, name: bName, created: 2, alerts: 3, mttaSeconds: 25, mttrSeconds: 20 }])
    expect(onlyB.buckets).toHaveLength(31)
  })

  it('counts the alerts of unresolved, resolved and reopened incidents, each once', async () => {
    const c = (await makeService(w.db)).id
    const alert = { summary: 's', severity: 'critical', source: 'test', details: {} }
    const trigger = (dedupKey: string, when: string) =>
      ingestAlert(w.db, SYSTEM_ACTOR, c, { action: 'trigger', dedupKey, source: 'generic', title: 't', description: null, urgency: 'HIGH', alert }, at(when))
    const alerted = async (times: number, when: string) => {
      const key = unique('key')
      const id = (await trigger(key, when)).incidentId!
      for (let k = 1; k < times; k++) await trigger(key, plus(when, k).toISOString())
      return { id, key }
    }
    // Resolved with 3 alerts.
    const resolved = await alerted(3, '2025-04-01T09:00:00.000Z')
    await change(resolved.id, 'RESOLVED', plus('2025-04-01T09:00:00.000Z', 60))
    // Open (acknowledged) with 2 alerts.
    const open = await alerted(2, '2025-04-01T10:00:00.000Z')
    await change(open.id, 'ACKNOWLEDGED', plus('2025-04-01T10:00:00.000Z', 60))
    // 1 alert, resolved, reopened, then folded into again: open with 2.
    const reopened = await alerted(1, '2025-04-02T10:00:00.000Z')
    await change(reopened.id, 'RESOLVED', plus('2025-04-02T10:00:00.000Z', 60))
    await change(reopened.id, 'OPEN', plus('2025-04-02T10:00:00.000Z', 70))
    await trigger(reopened.key, plus('2025-04-02T10:00:00.000Z', 80).toISOString())
    // 2 alerts, resolved, reopened and resolved again: counted once.
    const twice = await alerted(2, '2025-04-02T11:00:00.000Z')
    for (const [status, s] of [['RESOLVED', 60], ['OPEN', 70], ['RESOLVED', 80]] as const) await change(twice.id, status, plus('2025-04-02T11:00:00.000Z', s))
    // Open with 5 alerts, created the day after the range.
    await alerted(5, '2025-04-03T00:00:00.000Z')

    const alertsOf = async (from: string, to: string) => (await get(`from=${from}&to=${to}&serviceId=${c}`)).services.map((s) => [s.created, s.alerts])
    expect(await alertsOf('2025-04-01', '2025-04-02')).toEqual([[4, 3 + 2 + 2 + 2]])
    expect(await alertsOf('2025-04-01', '2025-04-01')).toEqual([[2, 3 + 2]])
    expect(await alertsOf('2025-04-02', '2025-04-03')).toEqual([[3, 2 + 2 + 5]])
    expect(await dailyStatViolations(w.db)).toEqual([])
  })

  it('counts every alert folded while its incident is being resolved', async () => {
    const c = (await makeService(w.db)).id
    const alert = { summary: 's', severity: 'critical', source: 'test', details: {} }
    for (let round = 0; round < 10; round++) {
      const trigger = { action: 'trigger' as const, dedupKey: unique('key'), source: 'generic' as const, title: 't', description: null, urgency: 'HIGH' as const, alert }
      const id = (await ingestAlert(w.db, SYSTEM_ACTOR, c, trigger, at('2025-06-01T00:00:00.000Z'))).incidentId!
      // Folds race the resolve; those after it open another incident with the key.
      const folds = Array.from({ length: 20 }, (_, k) => ingestAlert(w.db, SYSTEM_ACTOR, c, trigger, plus('2025-06-01T00:00:00.000Z', k + 1)))
      await Promise.all([...folds.slice(0, 10), change(id, 'RESOLVED', plus('2025-06-01T00:00:00.000Z', 30)), ...folds.slice(10)])
    }
    expect(await dailyStatViolations(w.db)).toEqual([])
    const r = await get(`from=2025-06-01&to=2025-06-01&serviceId=${c}`)
    expect(r.services.map((s) => s.alerts)).toEqual([10 * 21])
  })

  it('groups weeks from Monday, the first one starting at `from` when it falls mid-week', async () => {
    const weeks = await get(`from=2025-03-03&to=2025-03-10&serviceId=${a},${b}&bucket=week`)
    expect(weeks.buckets).toEqual([day('2025-03-03', 5, 3, 3, 73.5, 1566.667), day('2025-03-10', 1, 1, 1, 10, 20)])
    const partial = await get(`from=2025-03-04&to=2025-03-10&serviceId=${a},${b}&bucket=WEEK`)
    expect(partial.buckets).toEqual([day('2025-03-04', 2, 0, 2, null, 2050), day('2025-03-10', 1, 1, 1, 10, 20)])
  })

  it('answers a range with no incidents, and an unknown service, with empty buckets', async () => {
    const r = await get(`from=2025-03-05&to=2025-03-06&serviceId=${a},svc_nobody`)
    expect(r).toEqual({ buckets: [day('2025-03-05', 0, 0, 0, null, null), day('2025-03-06', 0, 0, 0, null, null)], services: [] })
  })

  it('defaults to the last 30 UTC days, today included, by day', async () => {
    const r = await get(`serviceId=${a}`)
    expect(r.buckets).toHaveLength(30)
    expect(r.buckets.at(-1)!.start).toBe(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`)
  })

  it('takes at most 366 days and refuses bad parameters with 422 naming them', async () => {
    expect((await get(`from=2024-01-01&to=2024-12-31&serviceId=${a}`)).buckets).toHaveLength(366)
    expectError(await w.api('GET', `/api/analytics?from=2024-01-01&to=2025-01-01`), 422, 'VALIDATION_ERROR', 'to')
    expectError(await w.api('GET', `/api/analytics?from=2025-03-02&to=2025-03-01`), 422, 'VALIDATION_ERROR', 'to')
    expectError(await w.api('GET', `/api/analytics?from=2025-02-30`), 422, 'VALIDATION_ERROR', 'from')
    expectError(await w.api('GET', `/api/analytics?to=yesterday`), 422, 'VALIDATION_ERROR', 'to')
    expectError(await w.api('GET', `/api/analytics?bucket=month`), 422, 'VALIDATION_ERROR', 'bucket')
    expectError(await w.api('GET', `/api/analytics.csv?table=people`), 422, 'VALIDATION_ERROR', 'table')
    expectError(await w.api('GET', `/api/analytics.csv?from=2024-01-01&to=2025-01-01`), 422, 'VALIDATION_ERROR', 'to')
  })

  it('needs incidents:read', async () => {
    const anonymous = await fetch(`${baseUrl}/api/analytics`)
    expect(anonymous.status).toBe(401)
    const ingestOnly = await w.withScopes(['events:write'])
    expectError(await ingestOnly('GET', '/api/analytics'), 403, 'FORBIDDEN')
    expectError(await ingestOnly('GET', '/api/analytics.csv'), 403, 'FORBIDDEN')
  })

  it('serves the same as CSV, per bucket or per service, as a download', async () => {
    const r = await w.api('GET', `/api/analytics.csv?from=2025-03-03&to=2025-03-04&serviceId=${a},${b}`)
    expect(r.status, r.text).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="incidents-buckets-day-2025-03-03-2025-03-04.csv"')
    expect(r.text).toBe(
      'start,created,acknowledged,resolved,mttaSeconds,mttrSeconds\r\n' +
        '2025-03-03T00:00:00.000Z,3,3,1,73.5,600\r\n' +
        '2025-03-04T00:00:00.000Z,1,0,1,,3600\r\n',
    )
    const s = await w.api('GET', `/api/analytics.csv?from=2025-03-01&to=2025-03-31&serviceId=${b}&table=services&bucket=week`)
    expect(s.status, s.text).toBe(200)
    expect(s.headers.get('content-disposition')).toBe('attachment; filename="incidents-services-week-2025-03-01-2025-03-31.csv"')
    expect(s.text).toBe(`serviceId,serviceName,created,alerts,mttaSeconds,mttrSeconds\r\n${b},"'${bName.replace(/"/g, '""')}",2,3,25,20\r\n`)
  })

  it('keeps the aggregate equal to a full scan of the incidents after random transitions and folds', async () => {
    const service = (await makeService(w.db)).id
    const alert = { summary: 's', severity: 'critical', source: 'test', details: {} }
    const statuses = ['OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'SNOOZED', 'FOLD'] as const
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            created: fc.integer({ min: 0, max: 5 * 86_400 }),
            alerted: fc.boolean(),
            moves: fc.array(fc.constantFrom(...statuses), { maxLength: 6 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (incidents) => {
          for (const { created, alerted, moves } of incidents) {
            const start = plus('2025-05-01T00:00:00.000Z', created).toISOString()
            const trigger = { action: 'trigger' as const, dedupKey: unique('key'), source: 'generic' as const, title: 't', description: null, urgency: 'HIGH' as const, alert }
            const id = alerted ? (await ingestAlert(w.db, SYSTEM_ACTOR, service, trigger, at(start))).incidentId! : await create(service, start)
            let t = 1
            for (const status of moves) {
              const when = plus(start, (t += 37.125))
              // A fold into a resolved incident opens another with the same key.
              if (status === 'FOLD') {
                if (alerted) await ingestAlert(w.db, SYSTEM_ACTOR, service, trigger, when)
                continue
              }
              // Refused transitions (a resolved incident acknowledged; reopened while another holds
              // its key) change nothing, as over HTTP.
              await change(id, status, when, status === 'SNOOZED' ? { snoozeMinutes: 1 } : {}).catch((e) => {
                if (e?.code !== 'INVALID_TRANSITION' && e?.code !== 'CONFLICT') throw e
              })
            }
          }
          expect(await dailyStatViolations(w.db)).toEqual([])
          // Every alert of the service's incidents, open or resolved, in the answer.
          const total = await w.db.read.incident.aggregate({ where: { serviceId: service }, _sum: { alertCount: true } })
          const r = await get(`from=2025-05-01&to=2025-05-07&serviceId=${service}`)
          expect(r.services.map((s) => s.alerts)).toEqual([total._sum.alertCount ?? 0])
        },
      ),
      { numRuns: 15 },
    )
    // And over HTTP, with the server's own clock.
    const made = await w.create({ serviceId: service })
    for (const status of ['ACKNOWLEDGED', 'RESOLVED', 'OPEN', 'RESOLVED']) expect((await w.patch(made.id, { status })).status).toBe(200)
    expect(await dailyStatViolations(w.db)).toEqual([])
  })
})
