import { beforeAll, describe, expect, inject, it } from 'vitest'
import { incidentListSchema, incidentSchema } from '@/lib/schemas/incidents'
import { client, makeKey, makeService, testDb } from '../support/fixtures'

const baseUrl = inject('baseUrl')

describe('smoke', () => {
  let api: ReturnType<typeof client>
  let serviceId: string
  beforeAll(async () => {
    const db = await testDb(inject('databaseUrl'))
    api = client(baseUrl, (await makeKey(db)).key)
    serviceId = (await makeService(db)).id
  })

  it('answers health without credentials', async () => {
    const r = await client(baseUrl)('GET', '/api/health')
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ status: 'ok', email: 'on' })
  })

  it('creates an incident and lists it', async () => {
    const created = await api('POST', '/api/incidents', { body: { title: '  Database timeout ', serviceId } })
    expect(created.status).toBe(201)
    const incident = incidentSchema.parse(created.body)
    expect(incident.title).toBe('Database timeout')
    expect(created.headers.get('location')).toBe(`/api/incidents/${incident.id}`)
    const list = await api('GET', `/api/incidents?serviceId=${serviceId}`)
    expect(list.status).toBe(200)
    expect(incidentListSchema.parse(list.body).incidents.map((i) => i.id)).toEqual([incident.id])
  })
})
