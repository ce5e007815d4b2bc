// The benchmark seed (bench/seed.ts) on a small data set, on both databases: the benchmarks trust
// what it writes as much as the app trusts its own writes, so the seeded database must hold to the
// same invariants (exact maintained totals and bucket counts, events that explain every status),
// find by title search what a plain scan finds, and be what the migrations make.
import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { Prisma, createDb } from '@/lib/db/client'
import { resolveDatabaseUrl, type Provider } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { queryRows } from '@/lib/db/statements'
import { listIncidents } from '@/lib/incidents/queries'
import { listQuerySchema } from '@/lib/schemas/incidents'
import { ROOT, tempDatabaseUrl } from '../support/app'
import { invariantViolations } from '../support/invariants'
import { cleanupAfterAll, providersUnderTest } from '../support/providers'

const cleanup = cleanupAfterAll()
const INCIDENTS = 3_000

describe.each(providersUnderTest())('bench:seed on %s', (provider: Provider) => {
  it('writes a sound, searchable, fully migrated database', async () => {
    const fresh = await tempDatabaseUrl(provider)
    cleanup(fresh.cleanup)
    // Batches are 20,000 incidents: 3,000 is one partial batch, the case most likely to be off by one.
    const seed = spawnSync(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'bench/seed.ts', '--incidents', String(INCIDENTS), '--services', '7', '--users', '13', '--active', '40'],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: fresh.url }, encoding: 'utf8' },
    )
    expect(seed.status, seed.stderr).toBe(0)

    const target = resolveDatabaseUrl(fresh.url)
    // Nothing left to apply, and no warning: the seed left the schema as the migrations made it.
    expect(await migrate(target)).toEqual({ applied: [], warnings: [] })
    const db = await createDb(target)
    cleanup(() => db.close())
    expect(await db.read.incident.count()).toBe(INCIDENTS)
    expect(await db.read.service.count()).toBe(7)
    expect(await db.read.incident.count({ where: { active: true } })).toBe(40)
    expect(await invariantViolations(db)).toEqual([])
    const counter = await db.read.counter.findUnique({ where: { name: 'incident' } })
    const last = await db.read.incident.findFirst({ orderBy: { number: 'desc' }, select: { number: true } })
    expect(counter?.value).toBe(last?.number)

    // The title index (SQLite's built apart and copied in, PostgreSQL's rebuilt after the load)
    // answers as a scan of the titles does.
    const { title } = (await db.read.incident.findFirst({ where: { number: 1234 }, select: { title: true } }))!
    const term = title.split(' ').at(-1)!.toLowerCase()
    const [{ n }] = await queryRows<{ n: number | bigint }>(
      db.read,
      Prisma.sql`SELECT COUNT(*) AS "n" FROM "Incident" WHERE "titleSearch" LIKE ${`%${term}%`}`,
    )
    const found = await listIncidents(db, listQuerySchema.parse({ q: term, status: 'OPEN,ACKNOWLEDGED,SNOOZED,RESOLVED' }))
    expect(Number(n)).toBeGreaterThan(0)
    expect(found.total).toBe(Number(n))
  }, 120_000)
})
