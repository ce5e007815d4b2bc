// Idempotency-Key on POST /api/incidents.
import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { requestHash } from '@/lib/api/idempotency'
import { newId } from '@/lib/ids'
import { createIncidentSchema, incidentSchema } from '@/lib/schemas/incidents'
import { holdCreates } from '../support/holds'
import { baseUrl, expectError, provider, unique, world, type Api, type World } from './helpers'

let w: World
let owner: string

beforeAll(async () => {
  w = await world()
  owner = `key:${(await w.api('GET', '/api/auth/me')).body.apiKey.id}`
})

const databaseUrl = inject('databaseUrl')
const postWith = (api: Api, key: string, body: unknown) => api('POST', '/api/incidents', { body, headers: { 'Idempotency-Key': key } })
const countTitled = (title: string) => w.db.read.incident.count({ where: { title } })

describe('Idempotency-Key', () => {
  it('a repeat with the same body replays the first answer and creates nothing', async () => {
    const key = randomUUID()
    const title = unique('idem')
    const first = await postWith(w.api, key, { title, serviceId: w.serviceId, urgency: 'LOW' })
    expect(first.status, first.text).toBe(201)
    expect(first.headers.get('idempotent-replayed')).toBeNull()
    const created = incidentSchema.parse(first.body)

    const again = await postWith(w.api, key, { title, serviceId: w.serviceId, urgency: 'LOW' })
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    expect(again.headers.get('location')).toBe(first.headers.get('location'))
    expect(await countTitled(title)).toBe(1)
    // No number was used up by the replay.
    expect((await w.create()).number).toBe(created.number + 1)
  })

  it('the same body is judged as parsed JSON: key order and spacing do not matter', async () => {
    const key = randomUUID()
    const title = unique('idem')
    const first = await postWith(w.api, key, `{"title":"${title}","serviceId":"${w.serviceId}"}`)
    expect(first.status).toBe(201)
    const again = await postWith(w.api, key, `{ "serviceId" : "${w.serviceId}",\n  "title": "${title}" }`)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body.id).toBe(first.body.id)
  })

  it('a replay gives the first answer even after the incident changed', async () => {
    const key = randomUUID()
    const body = { title: unique('idem'), serviceId: w.serviceId }
    const first = await postWith(w.api, key, body)
    expect((await w.patch(first.body.id, { status: 'RESOLVED' })).status).toBe(200)
    const again = await postWith(w.api, key, body)
    expect(again.body).toEqual(first.body)
    expect(again.body.status).toBe('OPEN')
  })

  it('the same key with another body is a 422 and creates nothing', async () => {
    const key = randomUUID()
    const title = unique('idem')
    expect((await postWith(w.api, key, { title, serviceId: w.serviceId })).status).toBe(201)
    const other = unique('other')
    expectError(await postWith(w.api, key, { title: other, serviceId: w.serviceId }), 422, 'VALIDATION_ERROR', 'Idempotency-Key')
    expectError(await postWith(w.api, key, { title, serviceId: w.serviceId, urgency: 'LOW' }), 422, 'VALIDATION_ERROR', 'Idempotency-Key')
    expect(await countTitled(other)).toBe(0)
    expect(await countTitled(title)).toBe(1)
  })

  it('the same key from another credential is independent', async () => {
    const key = randomUUID()
    const body = { title: unique('idem'), serviceId: w.serviceId }
    const other = await w.withScopes(['incidents:write'])
    const a = await postWith(w.api, key, body)
    const b = await postWith(other, key, body)
    expect([a.status, b.status]).toEqual([201, 201])
    expect(b.headers.get('idempotent-replayed')).toBeNull()
    expect(b.body.id).not.toBe(a.body.id)
    expect(await countTitled(body.title)).toBe(2)
    // And each credential still replays its own.
    expect((await postWith(other, key, body)).body.id).toBe(b.body.id)
  })

  it('without a key, two identical requests create two incidents', async () => {
    const body = { title: unique('no-key'), serviceId: w.serviceId }
    expect((await w.api('POST', '/api/incidents', { body })).status).toBe(201)
    expect((await w.api('POST', '/api/incidents', { body })).status).toBe(201)
    expect(await countTitled(body.title)).toBe(2)
  })

  it('a refused request does not use up its key', async () => {
    const key = randomUUID()
    const title = unique('idem')
    expectError(await postWith(w.api, key, { title, serviceId: 'svc_missing' }), 422, 'VALIDATION_ERROR', 'serviceId')
    const ok = await postWith(w.api, key, { title, serviceId: w.serviceId })
    expect(ok.status, ok.text).toBe(201)
    expect(ok.headers.get('idempotent-replayed')).toBeNull()
  })

  it('keys of 1 and 255 characters are accepted; longer or empty ones are a 422', async () => {
    // Keys belong to the credential, and this file's key is its own: no other run shares them.
    for (const key of ['k', 'x'.repeat(255)]) {
      expect((await postWith(w.api, key, { title: unique('idem-len'), serviceId: w.serviceId })).status).toBe(201)
    }
    expectError(await postWith(w.api, 'x'.repeat(256), { title: 't', serviceId: w.serviceId }), 422, 'VALIDATION_ERROR', 'Idempotency-Key')
    expectError(await postWith(w.api, '', { title: 't', serviceId: w.serviceId }), 422, 'VALIDATION_ERROR', 'Idempotency-Key')
  })

  it('concurrent requests with one key create exactly one incident; the others replay or get 409', async () => {
    const key = randomUUID()
    const body = { title: unique('idem-race'), serviceId: w.serviceId }
    const answers = await Promise.all(Array.from({ length: 10 }, () => postWith(w.api, key, body)))
    const created = answers.filter((r) => r.status === 201)
    expect(created.length).toBeGreaterThanOrEqual(1)
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1)
    expect(created.filter((r) => r.headers.get('idempotent-replayed') !== 'true')).toHaveLength(1)
    for (const r of answers) {
      if (r.status !== 201) expectError(r, 409, 'CONFLICT')
    }
    expect(await countTitled(body.title)).toBe(1)
    // Once the first is done, a repeat replays it.
    const later = await postWith(w.api, key, body)
    expect(later.headers.get('idempotent-replayed')).toBe('true')
    expect(later.body.id).toBe(created[0].body.id)
  })

  it.runIf(provider === 'postgresql')('a repeat while the first is still in flight is a 409 CONFLICT', async () => {
    // The first request, held inside its transaction with its key claimed. (On SQLite the hold
    // stops the server's one thread, so no repeat could arrive: tests/unit/idempotency.test.ts
    // holds the work in-process there.)
    const marker = unique('in-flight')
    const key = randomUUID()
    const body = { title: marker, serviceId: w.serviceId }
    const hold = await holdCreates(provider, databaseUrl, baseUrl, marker)
    let first
    try {
      first = postWith(w.api, key, body)
      await hold.held()
      expectError(await postWith(w.api, key, body), 409, 'CONFLICT')
    } finally {
      await hold.release()
    }
    const done = await first
    expect(done.status, done.text).toBe(201)
    expect(await countTitled(body.title)).toBe(1)
    // Once the first is done, a repeat replays it.
    expect((await postWith(w.api, key, body)).headers.get('idempotent-replayed')).toBe('true')
  })

  it('a key left in flight by a first request whose server died does not block a retry', async () => {
    const key = randomUUID()
    const body = { title: unique('orphaned'), serviceId: w.serviceId }
    // A claim as a server that died mid-request could have left it, not yet expired.
    await w.db.transaction((tx) =>
      tx.idempotencyKey.create({
        data: {
          id: newId('idem'),
          owner,
          key,
          requestHash: requestHash(createIncidentSchema.parse(body)),
          state: 'in_flight',
          lockedUntil: new Date(Date.now() + 20_000),
          expiresAt: new Date(Date.now() + 86_400_000),
        },
      }),
    )
    const retry = await postWith(w.api, key, body)
    expect(retry.status, retry.text).toBe(201)
    expect(retry.headers.get('idempotent-replayed')).toBeNull()
    expect(await countTitled(body.title)).toBe(1)
    expect((await postWith(w.api, key, body)).body.id).toBe(retry.body.id)
  })

  it('an answer is kept for 24 hours, and forgotten after', async () => {
    const key = randomUUID()
    const body = { title: unique('expiry'), serviceId: w.serviceId }
    const first = await postWith(w.api, key, body)
    expect(first.status).toBe(201)
    const row = await w.db.read.idempotencyKey.findUnique({ where: { owner_key: { owner, key } } })
    expect(Math.abs(row!.expiresAt.getTime() - (Date.now() + 24 * 3600_000))).toBeLessThan(60_000)
    await w.db.transaction((tx) => tx.idempotencyKey.update({ where: { id: row!.id }, data: { expiresAt: new Date(Date.now() - 1000) } }))
    const later = await postWith(w.api, key, body)
    expect(later.status).toBe(201)
    expect(later.headers.get('idempotent-replayed')).toBeNull()
    expect(later.body.id).not.toBe(first.body.id)
  })
})
