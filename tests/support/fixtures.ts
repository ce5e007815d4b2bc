// Test data made through the same lib/ functions the CLI uses, on the database the server under
// test is using, plus a small HTTP client for the API.
import { adjustCount } from '@/lib/incidents/store/counts'
import { adjustDailyStat } from '@/lib/incidents/store/dailyStats'
import { createApiKey } from '@/lib/auth/apiKeys'
import type { KeyScope } from '@/lib/schemas/scopes'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { createService } from '@/lib/directory/services'
import { hashPassword } from '@/lib/auth/passwords'
import { newId } from '@/lib/ids'
import type { Role } from '@/lib/schemas/enums'

let shared: Promise<Db> | undefined
/** The database of the server under test (migrated by the server at start). */
export function testDb(databaseUrl: string): Promise<Db> {
  shared ??= createDb(resolveDatabaseUrl(databaseUrl))
  return shared
}

let seq = 0
export const unique = (label: string) => `${label} ${Date.now().toString(36)}-${++seq}`

export async function makeKey(db: Db, scopes: KeyScope[] = ['incidents:read', 'incidents:write'], opts: { expiresInDays?: number } = {}) {
  if (scopes.includes('events:write')) {
    // An events:write key from before integrations were bound to a service (creation refuses it
    // now): it keeps its other scopes and is refused on ingestion. Integrations: makeIntegration.
    const created = await createApiKey(db, { name: unique('test key'), scopes: ['incidents:read'], expiresInDays: opts.expiresInDays ?? null })
    await db.transaction((tx) => tx.apiKey.update({ where: { id: created.id }, data: { scopes: scopes.join(' ') } }))
    return { ...created, scopes }
  }
  return createApiKey(db, { name: unique('test key'), scopes, expiresInDays: opts.expiresInDays ?? null })
}

/** An integration: an events:write key bound to `serviceId`. */
export const makeIntegration = (db: Db, serviceId: string) =>
  createApiKey(db, { name: unique('integration'), scopes: ['events:write'], serviceId })

export async function makeService(db: Db, name = unique('service')) {
  return createService(db, { name })
}

export const TEST_PASSWORD = 'correct horse battery'

// A password hash is deliberately slow; every test user shares one, computed once per process.
let passwordHash: Promise<string> | undefined

/** A user who signs in with TEST_PASSWORD. */
export async function makeUser(db: Db, role: Role = 'responder') {
  const tag = unique(role).replace(/\W+/g, '-')
  const user = { id: newId('usr'), email: `${tag}@example.test`, name: `User ${tag}`, role }
  const hash = await (passwordHash ??= hashPassword(TEST_PASSWORD))
  await db.transaction((tx) => tx.user.create({ data: { ...user, passwordHash: hash } }))
  return user
}

/** Signs `email` in with TEST_PASSWORD on `baseUrl`; the session cookie, as a Cookie header's value. */
export async function sessionCookie(baseUrl: string, email: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  })
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`)
  const cookie = /ic_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0]
  if (!cookie) throw new Error('sign-in answered 200 without a session cookie')
  return cookie
}

export interface ApiResponse<T = any> {
  status: number
  headers: Headers
  body: T
  text: string
}

/** fetch with a Bearer key; `body` objects are sent as JSON, strings as they are. */
export function client(baseUrl: string, key?: string) {
  return async function call<T = any>(
    method: string,
    path: string,
    opts: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...(key ? { Authorization: `Bearer ${key}` } : {}) }
    let body: string | undefined
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body)
      headers['Content-Type'] = 'application/json'
    }
    const res = await fetch(baseUrl + path, { method, headers: { ...headers, ...opts.headers }, body })
    const text = await res.text()
    let parsed: unknown = undefined
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      parsed = undefined
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text }
  }
}

/**
 * Sets incidents' creation and update times, which only a test does (the app never moves
 * createdAt). The per-(service, status, bucket) counts and the analytics days move with them, as
 * the deep-page lists, the analytics and the invariant checks of every later test file read them.
 */
export async function setIncidentTimes(db: Db, ids: string[], times: { createdAt: Date; updatedAt: Date }) {
  await db.transaction(async (tx) => {
    for (const id of ids) {
      const before = await tx.incident.findUniqueOrThrow({
        where: { id },
        select: { serviceId: true, createdAt: true, status: true, acknowledgedAt: true, resolvedAt: true, alertCount: true },
      })
      await tx.incident.update({ where: { id }, data: times })
      await adjustCount(tx, before, before.status, -1)
      await adjustCount(tx, { serviceId: before.serviceId, createdAt: times.createdAt }, before.status, 1)
      await adjustDailyStat(tx, before, null)
      await adjustDailyStat(tx, null, { ...before, createdAt: times.createdAt })
    }
  })
}
