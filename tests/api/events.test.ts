// Alert ingestion over HTTP: integrations, the three endpoints, folding by dedup key (also under
// concurrency), acknowledge/resolve by key, the alerts list, and bad input.
import { beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '@/lib/auth/apiKeys'
import { incidentSchema } from '@/lib/schemas/incidents'
import { alertListSchema, eventAcceptedSchema } from '@/lib/schemas/events'
import { API_HEADERS, SECURITY_HEADERS } from '@/lib/securityHeaders.mjs'
import { client, unique } from '../support/fixtures'
import { ingestAlert } from '@/lib/incidents/alerts'
import { foldAlert } from '@/lib/incidents/store/alerts'
import { failWrites, literal } from '../support/faults'
import { baseUrl, expectError, world, type World } from './helpers'

let w: World
let integrationKey: string
let events: ReturnType<typeof client>

const integration = async (serviceId: string) =>
  (await createApiKey(w.db, { name: unique('integration'), scopes: ['events:write'], serviceId })).key

const incident = async (id: string) => incidentSchema.parse((await w.api('GET', `/api/incidents/${id}`)).body)

beforeAll(async () => {
  w = await world()
  integrationKey = await integration(w.serviceId)
  events = client(baseUrl, integrationKey)
})

const trigger = (dedupKey: string | undefined, summary = 'Disk full on db-1', severity = 'critical') => ({
  event_action: 'trigger',
  ...(dedupKey ? { dedup_key: dedupKey } : {}),
  payload: { summary, source: 'db-1', severity, custom_details: { free: '0%' } },
})

describe('integrations', () => {
  it('binds events:write keys to a service and refuses other combinations (422)', async () => {
    const created = await createApiKey(w.db, { name: unique('int'), scopes: ['events:write'], serviceId: w.serviceId })
    expect(created.serviceId).toBe(w.serviceId)
    await expect(createApiKey(w.db, { name: 'x', scopes: ['events:write'] })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' })
    await expect(createApiKey(w.db, { name: 'x', scopes: ['events:write', 'incidents:read'], serviceId: w.serviceId })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' })
    await expect(createApiKey(w.db, { name: 'x', scopes: ['incidents:read'], serviceId: w.serviceId })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' })
    await expect(createApiKey(w.db, { name: 'x', scopes: ['events:write'], serviceId: 'svc_nope' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' })
  })

  it('an integration key gets 403 everywhere but ingestion; incidents keys get 403 on ingestion', async () => {
    expectError(await events('GET', '/api/incidents'), 403, 'FORBIDDEN')
    expectError(await events('GET', '/api/auth/me'), 403, 'FORBIDDEN')
    const r = await w.api('POST', '/api/events/generic', { body: { summary: 'x' } })
    expect(r.status).toBe(403)
  })
})

describe('POST /api/events (PagerDuty Events v2)', () => {
  it('opens an incident, folds repeats (alertCount + 1, lastAlertAt, nothing else) and resolves by key', async () => {
    const key = unique('dk')
    const first = await events('POST', '/api/events', { body: trigger(key) })
    expect(first.status, first.text).toBe(202)
    const a = eventAcceptedSchema.parse(first.body)
    expect(a.dedup_key).toBe(key)
    const opened = await incident(a.incidentId!)
    expect(opened).toMatchObject({ dedupKey: key, alertCount: 1, source: 'events', urgency: 'HIGH', title: 'Disk full on db-1', status: 'OPEN' })
    expect(opened.lastAlertAt).not.toBeNull()

    const again = eventAcceptedSchema.parse((await events('POST', '/api/events', { body: trigger(key, 'another summary', 'info') })).body)
    expect(again.incidentId).toBe(a.incidentId)
    const folded = await w.get(a.incidentId!)
    expect(folded).toMatchObject({ alertCount: 2, title: 'Disk full on db-1', urgency: 'HIGH', updatedAt: opened.updatedAt })
    expect(folded.timeline.map((e) => e.type)).toEqual(['created'])
    expect(folded.timeline[0].actor.type).toBe('apiKey')

    const list = await w.api('GET', `/api/incidents?dedupKey=${encodeURIComponent(key)}`)
    expect(list.body.incidents.map((i: { id: string }) => i.id)).toEqual([a.incidentId])

    const ack = await events('POST', '/api/events', { body: { event_action: 'acknowledge', dedup_key: key } })
    expect(ack.status).toBe(202)
    expect((await incident(a.incidentId!)).status).toBe('ACKNOWLEDGED')
    const resolved = await events('POST', '/api/events', { body: { routing_key: integrationKey, event_action: 'resolve', dedup_key: key } })
    expect(resolved.status).toBe(202)
    const done = await w.get(a.incidentId!)
    expect(done.status).toBe('RESOLVED')
    expect(done.alertCount).toBe(2)
    expect(done.timeline.map((e) => e.type)).toEqual(['created', 'acknowledged', 'resolved'])

    const alerts = alertListSchema.parse((await w.api('GET', `/api/incidents/${a.incidentId}/alerts`)).body).alerts
    expect(alerts.map((x) => x.action)).toEqual(['resolve', 'acknowledge', 'trigger', 'trigger'])
    expect(alerts[3]).toMatchObject({ summary: 'Disk full on db-1', severity: 'critical', source: 'db-1' })

    // A trigger after a resolve opens a new incident.
    const reopened = eventAcceptedSchema.parse((await events('POST', '/api/events', { body: trigger(key) })).body)
    expect(reopened.incidentId).not.toBe(a.incidentId)
  })

  it('takes the key as routing_key in the body (no Authorization header); a Bearer header wins', async () => {
    const anon = client(baseUrl)
    const r = await anon('POST', '/api/events', { body: { routing_key: integrationKey, ...trigger(undefined, 'via routing key', 'warning') } })
    expect(r.status, r.text).toBe(202)
    const a = eventAcceptedSchema.parse(r.body)
    expect(a.dedup_key.length).toBeGreaterThan(0)
    expect((await incident(a.incidentId!)).urgency).toBe('LOW')
    const bad = await w.api('POST', '/api/events', { body: { routing_key: integrationKey, ...trigger(unique('k')) } })
    expect(bad.status).toBe(403)
    expect(bad.body).toMatchObject({ status: 'invalid event', errors: expect.any(Array), message: expect.any(String), error: { code: 'FORBIDDEN' } })
  })

  it('acknowledge/resolve with no matching incident change nothing and answer 202 with incidentId null', async () => {
    const r = await events('POST', '/api/events', { body: { event_action: 'resolve', dedup_key: unique('none') } })
    expect(r.status).toBe(202)
    expect(r.body.incidentId).toBeNull()
  })

  it('bad input: 400, 401, 413, 422 with PagerDuty fields, never a 500, nothing written', async () => {
    const before = (await w.api('GET', `/api/incidents?serviceId=${w.serviceId}&limit=1`)).body.total
    const bad = [
      { event_action: 'explode', dedup_key: 'x', payload: { summary: 's' } },
      { event_action: 'trigger', dedup_key: 'x' },
      { event_action: 'trigger', dedup_key: 'x', payload: { summary: '' } },
      { event_action: 'trigger', dedup_key: 'k'.repeat(256), payload: { summary: 's' } },
      { event_action: 'trigger', dedup_key: 'x', payload: { summary: 's', custom_details: 'text' } },
      { event_action: 'trigger', dedup_key: 'x', payload: { summary: 's', severity: 'fatal' } },
      { event_action: 'acknowledge' },
    ]
    for (const body of bad) {
      const r = await events('POST', '/api/events', { body })
      expect(r.status, JSON.stringify(body)).toBe(422)
      expect(r.body).toMatchObject({ error: { code: 'VALIDATION_ERROR' }, status: 'invalid event', errors: expect.any(Array) })
    }
    expect((await events('POST', '/api/events', { body: '{"event_action":' })).status).toBe(400)
    expect((await events('POST', '/api/events', { body: '[1]' })).status).toBe(400)
    expect((await client(baseUrl, 'ick_wrong')('POST', '/api/events', { body: trigger('x') })).status).toBe(401)
    // 413 before 401: the body is judged first on these routes.
    const big = { ...trigger('x'), payload: { summary: 's', custom_details: { blob: 'x'.repeat(1024 * 1024) } } }
    expect((await client(baseUrl)('POST', '/api/events', { body: big })).status).toBe(413)
    // Up to 1 MiB is accepted here (every other route keeps 64 KiB).
    const large = { ...trigger(unique('large')), payload: { summary: 'large', custom_details: { blob: 'x'.repeat(200 * 1024) } } }
    expect((await events('POST', '/api/events', { body: large })).status).toBe(202)
    // 400 before 401.
    expect((await client(baseUrl)('POST', '/api/events', { body: '{' })).status).toBe(400)
    const after = (await w.api('GET', `/api/incidents?serviceId=${w.serviceId}&limit=1`)).body.total
    expect(after).toBe(before + 1)
  })
})

describe('the ingestion lane (served before Next)', () => {
  it('answers every ingestion path with the headers of every /api answer, and leaves other methods to Next', async () => {
    const fixed = [...SECURITY_HEADERS, ...API_HEADERS]
    for (const [path, body] of [
      ['/api/events', trigger(unique('lane'))],
      ['/api/events/alertmanager', { version: '4' }],
      ['/api/events/generic?from=query', { title: 'x' }],
    ] as const) {
      for (const key of [integrationKey, 'ick_wrong']) {
        const r = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })
        await r.text()
        for (const { key: name, value } of fixed) expect(r.headers.get(name), `${path} ${r.status} ${name}`).toBe(value)
        expect(r.headers.get('x-request-id')).toMatch(/^req_/)
        expect(r.headers.get('cache-control')).toBe('no-store')
      }
    }
    expectError(await w.api('GET', '/api/events'), 405, 'METHOD_NOT_ALLOWED')
  })
})

describe('POST /api/events/alertmanager', () => {
  const webhook = (groupKey: string, status: 'firing' | 'resolved', extra: Record<string, unknown> = {}) => ({
    version: '4',
    groupKey,
    status,
    receiver: 'console',
    groupLabels: { alertname: 'HighLatency', service: 'api' },
    commonLabels: { alertname: 'HighLatency', service: 'api', severity: 'page' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      { status, labels: { alertname: 'HighLatency', instance: 'a' }, annotations: { runbook: 'r' }, startsAt: '2026-01-01T00:00:00Z', generatorURL: 'http://prom/graph' },
      { status, labels: { alertname: 'HighLatency', instance: 'b' }, annotations: {}, startsAt: '2026-01-01T00:00:00Z' },
    ],
    ...extra,
  })

  it('one incident per group: a notification is one trigger however many alerts; resolved resolves', async () => {
    const groupKey = `{}:{alertname="${unique('HighLatency')}"}`
    const first = eventAcceptedSchema.parse((await events('POST', '/api/events/alertmanager', { body: webhook(groupKey, 'firing') })).body)
    const opened = await incident(first.incidentId!)
    expect(opened).toMatchObject({ title: 'HighLatency (service=api)', urgency: 'HIGH', source: 'alertmanager', alertCount: 1, dedupKey: groupKey })
    await events('POST', '/api/events/alertmanager', { body: webhook(groupKey, 'firing') })
    expect((await incident(first.incidentId!)).alertCount).toBe(2)
    const done = await events('POST', '/api/events/alertmanager', { body: webhook(groupKey, 'resolved') })
    expect(done.status).toBe(202)
    expect((await incident(first.incidentId!)).status).toBe('RESOLVED')
    const alerts = alertListSchema.parse((await w.api('GET', `/api/incidents/${first.incidentId}/alerts`)).body).alerts
    expect(alerts[2].details).toMatchObject({ alerts: [{ labels: { instance: 'a' }, annotations: { runbook: 'r' }, generatorURL: 'http://prom/graph' }, {}] })
  })

  it("takes Grafana's superset: orgId marks the source, summary annotation or title names it", async () => {
    const groupKey = unique('grafana')
    const r = await events('POST', '/api/events/alertmanager', {
      body: webhook(groupKey, 'firing', { version: '1', orgId: 1, title: '[FIRING:1] Grafana title', state: 'alerting', message: 'm', commonLabels: { severity: 'warning' } }),
    })
    expect(r.status, r.text).toBe(202)
    expect(await incident(r.body.incidentId)).toMatchObject({ source: 'grafana', title: '[FIRING:1] Grafana title', urgency: 'LOW' })
  })

  it('refuses a wrong payload: 422 in the one error shape', async () => {
    expectError(await events('POST', '/api/events/alertmanager', { body: { status: 'firing', alerts: [] } }), 422, 'VALIDATION_ERROR', 'groupKey')
    expectError(await events('POST', '/api/events/alertmanager', { body: webhook('k', 'firing', { alerts: 'no' }) }), 422, 'VALIDATION_ERROR', 'alerts')
  })
})

describe('POST /api/events/generic', () => {
  it('triggers, folds and acknowledges by dedupKey; urgency as given', async () => {
    const dedupKey = unique('gen')
    const a = (await events('POST', '/api/events/generic', { body: { summary: 'Queue backlog', dedupKey, urgency: 'low', details: { depth: 9000 } } })).body
    expect(await incident(a.incidentId)).toMatchObject({ source: 'generic', urgency: 'LOW', alertCount: 1 })
    await events('POST', '/api/events/generic', { body: { summary: 'Queue backlog', dedupKey } })
    await events('POST', '/api/events/generic', { body: { dedupKey, action: 'acknowledge' } })
    expect(await incident(a.incidentId)).toMatchObject({ status: 'ACKNOWLEDGED', alertCount: 2 })
    expectError(await events('POST', '/api/events/generic', { body: { dedupKey } }), 422, 'VALIDATION_ERROR', 'summary')
    expectError(await events('POST', '/api/events/generic', { body: { summary: 's', details: [1] } }), 422, 'VALIDATION_ERROR', 'details')
  })

  it('a session gets 403 on ingestion', async () => {
    // Sessions are judged like any credential that is not an integration.
    expect((await w.api('POST', '/api/events/generic', { body: { summary: 's' } })).status).toBe(403)
  })
})

describe('folding under concurrency', () => {
  it('20 simultaneous triggers of a new key: one incident, alertCount 20', async () => {
    const dedupKey = unique('storm')
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => events('POST', '/api/events/generic', { body: { summary: 'storm', dedupKey } })),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(202))
    const ids = new Set(answers.map((r) => r.body.incidentId))
    expect(ids.size).toBe(1)
    const list = (await w.api('GET', `/api/incidents?dedupKey=${dedupKey}`)).body
    expect(list.total).toBe(1)
    expect(list.incidents[0].alertCount).toBe(20)
  })
})

describe('GET /api/incidents/:id/alerts', () => {
  it('keeps the newest 100, newest first; 404 for an unknown incident', async () => {
    const dedupKey = unique('flap')
    let id = ''
    for (let i = 0; i < 105; i++) id = (await events('POST', '/api/events/generic', { body: { summary: `flap ${i}`, dedupKey } })).body.incidentId
    const alerts = alertListSchema.parse((await w.api('GET', `/api/incidents/${id}/alerts`)).body).alerts
    expect(alerts).toHaveLength(100)
    expect(alerts[0].summary).toBe('flap 104')
    expect(alerts[99].summary).toBe('flap 5')
    expect((await incident(id)).alertCount).toBe(105)
    // Dropped from storage, not only from the answer.
    expect(await w.db.read.alert.count({ where: { incidentId: id } })).toBe(100)
    expectError(await w.api('GET', '/api/incidents/inc_nope/alerts'), 404, 'NOT_FOUND')
  })

  it('incidents created through POST /api/incidents carry the ingestion fields empty', async () => {
    const i = await w.create()
    expect(i).toMatchObject({ dedupKey: null, alertCount: 0, lastAlertAt: null, source: null })
  })
})

describe('folds arriving together', () => {
  it('one that fails fails alone: the folds written with it still count', async () => {
    const [poisoned, healthy] = [unique('poisoned'), unique('healthy')]
    const ids = await Promise.all([poisoned, healthy].map(async (key) => eventAcceptedSchema.parse((await events('POST', '/api/events', { body: trigger(key) })).body).incidentId!))
    const fault = await failWrites(w.db, 'Alert', `NEW."incidentId" = ${literal(ids[0]!)}`)
    let outcomes: PromiseSettledResult<string | null>[]
    try {
      // Started together in this process, so on SQLite they are written in one transaction, then each alone.
      const alert = { action: 'trigger', summary: 'again', severity: 'critical', source: 'test', details: {} }
      outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => foldAlert(w.db, w.serviceId, i % 2 ? healthy : poisoned, new Date(), alert)))
    } finally {
      await fault.disarm()
    }
    expect(outcomes.filter((_, i) => i % 2).map((o) => o.status === 'fulfilled' && o.value)).toEqual(Array(10).fill(ids[1]))
    expect(outcomes.filter((_, i) => !(i % 2)).map((o) => o.status)).toEqual(Array(10).fill('rejected'))
    expect((await incident(ids[1]!)).alertCount).toBe(11)
    expect((await incident(ids[0]!)).alertCount).toBe(1)
  })
})

describe('incidents opened together', () => {
  it('one that fails fails alone: the others are opened, each whole, with numbers of their own', async () => {
    const keys = Array.from({ length: 10 }, () => unique('opened-together'))
    const poisoned = keys[3]!
    const fault = await failWrites(w.db, 'Incident', `NEW."dedupKey" = ${literal(poisoned)}`)
    let outcomes: PromiseSettledResult<{ incidentId: string | null }>[]
    try {
      // Started together in this process, so on SQLite they are written in one transaction, then each alone.
      const actor = { type: 'apiKey' as const, id: 'key_test', name: 'test' }
      const event = (dedupKey: string) => ({
        action: 'trigger' as const,
        dedupKey,
        source: 'events' as const,
        title: `opened ${dedupKey}`,
        description: null,
        urgency: 'HIGH' as const,
        alert: { summary: 'opened', severity: 'critical', source: 'test', details: {} },
      })
      outcomes = await Promise.allSettled(keys.map((key) => ingestAlert(w.db, actor, w.serviceId, event(key))))
    } finally {
      await fault.disarm()
    }
    expect(outcomes.map((o) => o.status)).toEqual(keys.map((k) => (k === poisoned ? 'rejected' : 'fulfilled')))
    const opened = await Promise.all(
      outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value.incidentId!] : [])).map((id) => w.get(id)),
    )
    expect(opened.map((i) => i.dedupKey)).toEqual(keys.filter((k) => k !== poisoned))
    expect(new Set(opened.map((i) => i.number)).size).toBe(9)
    for (const i of opened) {
      expect(i).toMatchObject({ alertCount: 1, status: 'OPEN' })
      expect(i.timeline.map((e) => e.type)).toEqual(['created'])
      expect(alertListSchema.parse((await w.api('GET', `/api/incidents/${i.id}/alerts`)).body).alerts).toHaveLength(1)
    }
    expect((await w.api('GET', `/api/incidents?dedupKey=${poisoned}`)).body.total).toBe(0)
  })
})

describe('acknowledge and resolve by key write the alert with the change, all or nothing', () => {
  it.each(['acknowledge', 'resolve'] as const)('%s: a failed alert write undoes the status change, and a retry applies both', async (action) => {
    const key = unique('atomic')
    const opened = eventAcceptedSchema.parse((await events('POST', '/api/events', { body: trigger(key) })).body)
    const id = opened.incidentId!
    const fault = await failWrites(w.db, 'Alert', `NEW."incidentId" = ${literal(id)} AND NEW."action" = ${literal(action)}`)
    try {
      const failed = await events('POST', '/api/events', { body: { event_action: action, dedup_key: key } })
      expect(failed.status).toBe(500)
      expect(failed.body.error.code).toBe('INTERNAL_ERROR')
    } finally {
      await fault.disarm()
    }
    const untouched = await w.get(id)
    expect(untouched.status).toBe('OPEN')
    expect(untouched.timeline.map((e) => e.type)).toEqual(['created'])

    expect((await events('POST', '/api/events', { body: { event_action: action, dedup_key: key } })).status).toBe(202)
    const changed = await incident(id)
    expect(changed.status).toBe(action === 'acknowledge' ? 'ACKNOWLEDGED' : 'RESOLVED')
    const alerts = alertListSchema.parse((await w.api('GET', `/api/incidents/${id}/alerts`)).body).alerts
    expect(alerts.map((a) => a.action)).toEqual([action, 'trigger'])
  })

  it('a trigger that opens an incident: a failed alert write opens nothing, and a retry opens it whole', async () => {
    const key = unique('atomic-open')
    const summary = unique('opening alert')
    const fault = await failWrites(w.db, 'Alert', `NEW."summary" = ${literal(summary)}`)
    try {
      const failed = await events('POST', '/api/events', { body: trigger(key, summary) })
      expect(failed.status).toBe(500)
      expect(failed.body.error.code).toBe('INTERNAL_ERROR')
    } finally {
      await fault.disarm()
    }
    expect((await w.api('GET', `/api/incidents?dedupKey=${key}`)).body.total).toBe(0)

    const opened = eventAcceptedSchema.parse((await events('POST', '/api/events', { body: trigger(key, summary) })).body)
    const stored = await incident(opened.incidentId!)
    expect(stored).toMatchObject({ dedupKey: key, alertCount: 1 })
    const alerts = alertListSchema.parse((await w.api('GET', `/api/incidents/${stored.id}/alerts`)).body).alerts
    expect(alerts.map((a) => [a.action, a.summary])).toEqual([['trigger', summary]])
  })

  it('an event that changes nothing is still listed once', async () => {
    const key = unique('noop')
    const id = eventAcceptedSchema.parse((await events('POST', '/api/events', { body: trigger(key) })).body).incidentId!
    for (let n = 0; n < 2; n++) expect((await events('POST', '/api/events', { body: { event_action: 'acknowledge', dedup_key: key } })).status).toBe(202)
    const alerts = alertListSchema.parse((await w.api('GET', `/api/incidents/${id}/alerts`)).body).alerts
    expect(alerts.map((a) => a.action)).toEqual(['acknowledge', 'acknowledge', 'trigger'])
    expect((await w.get(id)).timeline.map((e) => e.type)).toEqual(['created', 'acknowledged'])
  })
})
