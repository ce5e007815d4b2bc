// Escalation policies over HTTP (contract, "On call: schedules and escalation"): the CRUD, who may
// read and write, bad input as 422/409 in the one error shape, and a service's policy.
import { beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '@/lib/errors'
import { createSchedule, deleteSchedule } from '@/lib/oncall/schedules'
import { policyListSchema, policySchema } from '@/lib/schemas/escalation'
import { createScheduleSchema } from '@/lib/schemas/schedules'
import { adminSession, expectError, makeService, makeUser, world, type Api, type World } from './helpers'

let w: World
let admin: Api
let userId: string

beforeAll(async () => {
  w = await world()
  admin = await adminSession(w.db)
  userId = (await makeUser(w.db)).id
})

const step = (ids: string[], escalateAfterMinutes = 10) => ({ targets: ids.map((id) => ({ type: 'user', id })), escalateAfterMinutes })

async function create(body: Record<string, unknown>) {
  const r = await admin('POST', '/api/escalation-policies', { body })
  expect(r.status, r.text).toBe(201)
  expect(r.headers.get('location')).toBe(`/api/escalation-policies/${r.body.id}`)
  return policySchema.parse(r.body)
}

describe('/api/escalation-policies', () => {
  it('creates, lists, reads, changes and deletes a policy', async () => {
    const p = await create({ name: ' Primary ', steps: [step([userId], 5), step([userId], 15)] })
    expect(p).toMatchObject({ name: 'Primary', repeat: 0, serviceIds: [], steps: [step([userId], 5), step([userId], 15)] })

    const list = policyListSchema.parse((await w.api('GET', '/api/escalation-policies')).body)
    expect(list.escalationPolicies.map((x) => x.id)).toContain(p.id)
    expect(policySchema.parse((await w.api('GET', `/api/escalation-policies/${p.id}`)).body)).toEqual(p)

    const r = await admin('PATCH', `/api/escalation-policies/${p.id}`, { body: { repeat: 2, name: 'Renamed' } })
    expect(r.status, r.text).toBe(200)
    expect(policySchema.parse(r.body)).toMatchObject({ name: 'Renamed', repeat: 2, steps: p.steps })

    expect((await admin('DELETE', `/api/escalation-policies/${p.id}`)).status).toBe(204)
    expectError(await w.api('GET', `/api/escalation-policies/${p.id}`), 404, 'NOT_FOUND')
    expectError(await admin('DELETE', `/api/escalation-policies/${p.id}`), 404, 'NOT_FOUND')
  })

  it('is read with incidents:read and written by admins only', async () => {
    expectError(await w.api('POST', '/api/escalation-policies', { body: { name: 'x', steps: [step([userId])] } }), 403, 'FORBIDDEN')
    const reader = await w.withScopes(['incidents:read'])
    expect((await reader('GET', '/api/escalation-policies')).status).toBe(200)
  })

  it('refuses bad steps with 422 naming the field (a step or target inside `steps` by its message)', async () => {
    const bad = async (body: Record<string, unknown>, field: string, message?: RegExp) => {
      const error = expectError(await admin('POST', '/api/escalation-policies', { body }), 422, 'VALIDATION_ERROR', field)
      if (message) expect(error.message).toMatch(message)
    }
    await bad({ name: 'x', steps: [{ targets: [], escalateAfterMinutes: 5 }] }, 'steps', /at least one target/)
    await bad({ name: 'x', steps: [] }, 'steps', /at least one step/)
    await bad({ name: 'x', steps: [step([userId], 0)] }, 'steps', /at least 1/)
    await bad({ name: 'x', steps: [step([userId], 1441)] }, 'steps', /at most 1440/)
    await bad({ name: 'x', steps: [step([userId], 1.5)] }, 'steps', /whole number/)
    await bad({ name: 'x', steps: [step([userId])], repeat: 10 }, 'repeat')
    await bad({ name: 'x', steps: [{ targets: [{ type: 'team', id: userId }], escalateAfterMinutes: 5 }] }, 'steps')
    await bad({ name: 'x', steps: [step([userId]), step([userId, 'usr_nobody'])] }, 'steps', /step 2, target 2: no user with id usr_nobody/)
    await bad({ name: 'x', steps: [{ targets: [{ type: 'schedule', id: 'sch_nothing' }], escalateAfterMinutes: 5 }] }, 'steps', /step 1, target 1: no schedule/)
    await bad({ name: '', steps: [step([userId])] }, 'name')
    const p = await create({ name: 'ok', steps: [step([userId])] })
    expectError(await admin('PATCH', `/api/escalation-policies/${p.id}`, { body: { steps: [step(['usr_nobody'])] } }), 422, 'VALIDATION_ERROR', 'steps')
    expectError(await admin('PATCH', `/api/escalation-policies/${p.id}`, { body: {} }), 422, 'VALIDATION_ERROR')
    expectError(await admin('PATCH', '/api/escalation-policies/esc_nothing', { body: { repeat: 1 } }), 404, 'NOT_FOUND')
  })
})

describe('a service and its policy', () => {
  it('is set and cleared by PATCH /api/services/:id; a policy in use is not deleted (409)', async () => {
    const service = await makeService(w.db)
    const p = await create({ name: 'svc', steps: [step([userId])] })
    const r = await admin('PATCH', `/api/services/${service.id}`, { body: { escalationPolicyId: p.id } })
    expect(r.status, r.text).toBe(200)
    expect(r.body).toEqual({ id: service.id, name: service.name, escalationPolicyId: p.id })
    expect(policySchema.parse((await w.api('GET', `/api/escalation-policies/${p.id}`)).body).serviceIds).toEqual([service.id])

    expectError(await admin('DELETE', `/api/escalation-policies/${p.id}`), 409, 'CONFLICT')
    expect((await w.api('GET', `/api/escalation-policies/${p.id}`)).status).toBe(200)

    const cleared = await admin('PATCH', `/api/services/${service.id}`, { body: { escalationPolicyId: null } })
    expect(cleared.body).toEqual({ id: service.id, name: service.name, escalationPolicyId: null })
    expect((await admin('DELETE', `/api/escalation-policies/${p.id}`)).status).toBe(204)
  })

  it('refuses an unknown policy (422) and an unknown service (404), changing nothing', async () => {
    const service = await makeService(w.db)
    expectError(await admin('PATCH', `/api/services/${service.id}`, { body: { name: 'never', escalationPolicyId: 'esc_nothing' } }), 422, 'VALIDATION_ERROR', 'escalationPolicyId')
    expect((await w.db.read.service.findUnique({ where: { id: service.id } }))?.name).toBe(service.name)
    expectError(await admin('PATCH', '/api/services/svc_nothing', { body: { escalationPolicyId: null } }), 404, 'NOT_FOUND')
    expectError(await admin('PATCH', `/api/services/${service.id}`, { body: { escalationPolicyId: 5 } }), 422, 'VALIDATION_ERROR', 'escalationPolicyId')
  })
})

describe('a schedule a policy pages through', () => {
  it('is a valid target, and is not deleted while a policy uses it (409)', async () => {
    const layers = [{ start: '2026-01-01T00:00:00Z', rotation: 'weekly', handoffTime: '09:00', users: [userId] }]
    const schedule = await createSchedule(w.db, createScheduleSchema.parse({ name: 'sched', timeZone: 'America/New_York', layers }))
    const p = await create({ name: 'by schedule', steps: [{ targets: [{ type: 'schedule', id: schedule.id }], escalateAfterMinutes: 30 }] })
    expect(p.steps[0].targets).toEqual([{ type: 'schedule', id: schedule.id }])

    const refused = await deleteSchedule(w.db, schedule.id).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppError)
    expect((refused as AppError).code).toBe('CONFLICT')
    expect((refused as AppError).message).toContain('by schedule')

    const r = await admin('PATCH', `/api/escalation-policies/${p.id}`, { body: { steps: [{ targets: [{ type: 'user', id: userId }], escalateAfterMinutes: 30 }] } })
    expect(r.status, r.text).toBe(200)
    await deleteSchedule(w.db, schedule.id)
    expect(await w.db.read.schedule.findUnique({ where: { id: schedule.id } })).toBeNull()
  })
})
