// What every API test file needs: the database of the server under test, keys, a service of its
// own (so lists can be scoped to what the file made), and checks for the contract's error shape.
import { expect, inject } from 'vitest'
import { errorSchema } from '@/lib/schemas/common'
import { incidentSchema, incidentWithTimelineSchema, type Incident, type IncidentWithTimeline } from '@/lib/schemas/incidents'
import type { KeyScope } from '@/lib/schemas/scopes'
import type { Db } from '@/lib/db/client'
import { TEST_PASSWORD, client, makeKey, makeService, makeUser, sessionCookie, testDb, unique, type ApiResponse } from '../support/fixtures'

export const baseUrl = inject('baseUrl')
export const provider = inject('provider')

export type Api = ReturnType<typeof client>

export interface World {
  db: Db
  /** A key with incidents:read and incidents:write. */
  api: Api
  key: string
  serviceId: string
  /** A client with a fresh key of these scopes. */
  withScopes: (scopes: KeyScope[]) => Promise<Api>
  create: (body?: Record<string, unknown>) => Promise<Incident>
  get: (id: string) => Promise<IncidentWithTimeline>
  patch: (id: string, body: unknown, headers?: Record<string, string>) => Promise<ApiResponse>
}

export async function world(): Promise<World> {
  const db = await testDb(inject('databaseUrl'))
  const { key } = await makeKey(db)
  const api = client(baseUrl, key)
  const serviceId = (await makeService(db)).id
  return {
    db,
    api,
    key,
    serviceId,
    withScopes: async (scopes) => client(baseUrl, (await makeKey(db, scopes)).key),
    create: async (body = {}) => {
      const r = await api('POST', '/api/incidents', { body: { title: unique('incident'), serviceId, ...body } })
      expect(r.status, r.text).toBe(201)
      return incidentSchema.parse(r.body)
    },
    get: async (id) => {
      const r = await api('GET', `/api/incidents/${id}`)
      expect(r.status, r.text).toBe(200)
      return incidentWithTimelineSchema.parse(r.body)
    },
    patch: (id, body, headers) => api('PATCH', `/api/incidents/${encodeURIComponent(id)}`, { body, headers }),
  }
}

/** The contract's one error shape, with the request id equal to the X-Request-Id header. */
export function expectError(r: ApiResponse, status: number, code: string, field?: string) {
  expect(r.status, r.text).toBe(status)
  expect(r.headers.get('content-type')).toMatch(/^application\/json/)
  const body = errorSchema.strict().parse(r.body)
  expect(Object.keys(r.body)).toEqual(['error'])
  expect(body.error.code).toBe(code)
  expect(body.error.message.length).toBeGreaterThan(0)
  expect(body.error.requestId).toMatch(/^req_/)
  expect(body.error.requestId).toBe(r.headers.get('x-request-id'))
  if (field !== undefined) expect(body.error.details?.map((d) => d.field)).toContain(field)
  return body.error
}

/**
 * A GET, sent again once if the kept-alive socket was closed under it: after seconds without a
 * request (a long setup in process), the server closing an idle socket just as it is reused is a
 * race of keep-alive, not of the app (a crashed server fails the second try too).
 */
export async function getAfterIdle(api: Api, path: string) {
  try {
    return await api('GET', path)
  } catch (e) {
    if (!(e instanceof TypeError)) throw e
    return api('GET', path)
  }
}

/** Event types of an incident's timeline, oldest first. */
export const eventTypes = (i: IncidentWithTimeline) => i.timeline.map((e) => e.type)

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export { TEST_PASSWORD, client, makeKey, makeService, makeUser, sessionCookie, unique }

/** A subscription to every type of one service, written straight to the table (no admin session needed). */
export async function subscribed(w: World, serviceId: string): Promise<string> {
  const now = new Date()
  const id = `whk_${unique('outbox').replace(/\W+/g, '')}`
  await w.db.transaction((tx) =>
    tx.webhookSubscription.create({
      data: {
        id,
        url: 'http://192.0.2.1/never',
        events: ' * ',
        serviceIds: ` ${serviceId} `,
        format: 'standard',
        enabled: false,
        secret: 'whsec_AAAA',
        createdAt: now,
        updatedAt: now,
      },
    }),
  )
  // Enabled only now, so the worker of the server under test has nothing it could claim before.
  await w.db.transaction((tx) => tx.webhookSubscription.updateMany({ where: { serviceIds: ` ${serviceId} ` }, data: { enabled: true } }))
  return id
}

/** A client signed in as a new admin (cookie session, same-origin Origin): the admin API takes sessions. */
export async function adminSession(db: Db): Promise<Api> {
  const session = { Cookie: await sessionCookie(baseUrl, (await makeUser(db, 'admin')).email), Origin: baseUrl }
  const anon = client(baseUrl)
  return (method, path, opts = {}) => anon(method, path, { ...opts, headers: { ...session, ...opts.headers } })
}
