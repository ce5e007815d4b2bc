// Two built app instances on one fresh PostgreSQL database, as behind a load balancer, started at
// the same moment (both run the migrations on start), with a service of their own; stopped and
// dropped after the file's tests.
import { afterAll, beforeAll } from 'vitest'
import type { Db } from '@/lib/db/client'
import { startApp, tempPostgresUrl, type RunningApp } from './app'
import { makeService, testDb } from './fixtures'

export interface Instances {
  a: RunningApp
  b: RunningApp
  /** The test's own connections to the same database. */
  db: Db
  databaseUrl: string
  serviceId: string
}

/** Registers the start (beforeAll) and the stop (afterAll); the fields are set once started. */
export function twoInstances(env: Record<string, string>): Instances {
  const s = {} as Instances
  let cleanup: (() => Promise<void>) | undefined
  beforeAll(async () => {
    ;({ url: s.databaseUrl, cleanup } = await tempPostgresUrl())
    ;[s.a, s.b] = await Promise.all([startApp({ databaseUrl: s.databaseUrl, env }), startApp({ databaseUrl: s.databaseUrl, env })])
    s.db = await testDb(s.databaseUrl)
    s.serviceId = (await makeService(s.db)).id
  })
  afterAll(async () => {
    await Promise.all([s.a?.stop(), s.b?.stop()])
    await s.db?.close()
    await cleanup?.()
  })
  return s
}
