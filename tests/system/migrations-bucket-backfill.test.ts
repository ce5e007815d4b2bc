// The migration that adds the per-bucket incident counts fills them from the incidents a database
// already holds (installations upgrade in place): on both providers the backfill must equal the
// buckets the app itself computes (lib/incidents/store/buckets.ts), at bucket edges and before 1970 too,
// and the app's writes must keep them exact afterwards.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createDb } from '@/lib/db/client'
import { resolveDatabaseUrl, type Provider } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { createIncident, updateIncident } from '@/lib/incidents/commands'
import { bucketOf, bucketStart } from '@/lib/incidents/store/buckets'
import { STATUSES } from '@/lib/schemas/enums'
import { ROOT, tempDatabaseUrl } from '../support/app'
import { invariantViolations } from '../support/invariants'
import { postgresServer, providersUnderTest, cleanupAfterAll } from '../support/providers'

const MIGRATION = '20261126170000_incident_bucket_counts'
const PG_SERVER = postgresServer()
const providers = providersUnderTest()

const cleanup = cleanupAfterAll()

/** The migrations folder as it was before the bucket counts. */
function migrationsBefore(provider: Provider): string {
  const root = mkdtempSync(path.join(tmpdir(), 'incident-console-backfill-'))
  cleanup(() => rmSync(root, { recursive: true, force: true }))
  const all = path.join(ROOT, 'prisma/migrations', provider)
  for (const name of readdirSync(all).filter((n) => n < MIGRATION)) cpSync(path.join(all, name), path.join(root, name), { recursive: true })
  return root
}

/** Runs statements straight on the database, as an older version of the app left it. */
async function rawWriter(url: string) {
  const target = resolveDatabaseUrl(url)
  if (target.provider === 'sqlite') {
    const db = new Database(target.url)
    return {
      run: async (sql: string, params: unknown[]) => {
        const order = [...sql.matchAll(/\$(\d+)/g)].map((m) => params[Number(m[1]) - 1])
        db.prepare(sql.replace(/\$\d+/g, '?')).run(...order)
      },
      close: async () => db.close(),
    }
  }
  const c = new pg.Client({ connectionString: target.url })
  await c.connect()
  return { run: async (sql: string, params: unknown[]) => void (await c.query(sql, params)), close: () => c.end() }
}

// Instants the bucket arithmetic could get wrong: edges, a millisecond and half a second before
// them, before the epoch, and spread over a few years.
function createdAts(): Date[] {
  const edge = bucketStart(bucketOf(new Date('2024-03-01T00:00:00Z')))
  const fixed = [edge, new Date(edge.getTime() - 1), new Date(edge.getTime() - 500), new Date(edge.getTime() + 1),
    bucketStart(0), new Date(-1), new Date(-500), new Date('1969-12-20T05:00:00.123Z'), bucketStart(-3)]
  const spread = Array.from({ length: 240 }, (_, i) => new Date(Date.UTC(2023, 0, 1) + i * 4.3 * 86_400_000 + (i % 7) * 3_600_123))
  return [...fixed, ...fixed, ...spread]
}

describe.each(providers)('bucket counts backfill (%s)', (provider) => {
  it('counts every existing incident in its (service, status, bucket), and writes keep them exact', async () => {
    const fresh = await tempDatabaseUrl(provider)
    cleanup(fresh.cleanup)
    const target = resolveDatabaseUrl(fresh.url)
    await migrate(target, { dir: migrationsBefore(provider) })

    const w = await rawWriter(fresh.url)
    const services = ['svc_a', 'svc_b', 'svc_c']
    const expected = new Map<string, number>()
    try {
      for (const [i, id] of services.entries()) {
        await w.run(`INSERT INTO "Service" ("id", "name", "createdAt") VALUES ($1, $2, $3)`, [id, `service ${i}`, '2020-01-01T00:00:00.000Z'])
        for (const status of STATUSES) await w.run(`INSERT INTO "IncidentCount" ("serviceId", "status", "count") VALUES ($1, $2, 0)`, [id, status])
      }
      for (const [i, at] of createdAts().entries()) {
        const serviceId = services[i % services.length]
        const status = STATUSES[(i * 7) % STATUSES.length]
        const iso = at.toISOString()
        const dates = { acknowledgedAt: status === 'OPEN' ? null : iso, resolvedAt: status === 'RESOLVED' ? iso : null,
          snoozedUntil: status === 'SNOOZED' ? '2999-01-01T00:00:00.000Z' : null }
        await w.run(
          `INSERT INTO "Incident" ("id", "number", "title", "titleSearch", "status", "active", "urgency", "serviceId", "createdAt", "updatedAt",
             "acknowledgedAt", "resolvedAt", "snoozedUntil")
           VALUES ($1, $2, 'Old', 'old', $3, $4, 'HIGH', $5, $6, $6, $7, $8, $9)`,
          [`inc_old_${i}`, i + 1, status, provider === 'sqlite' ? Number(status !== 'RESOLVED') : status !== 'RESOLVED', serviceId, iso,
            dates.acknowledgedAt, dates.resolvedAt, dates.snoozedUntil],
        )
        await w.run(
          `INSERT INTO "TimelineEvent" ("id", "incidentId", "type", "at", "actorType", "actorName", "details") VALUES ($1, $2, 'created', $3, 'system', 'system', '{}')`,
          [`evt_old_${i}`, `inc_old_${i}`, iso],
        )
        const moved = ['ACKNOWLEDGED', 'SNOOZED', 'RESOLVED'].includes(status)
        if (moved) {
          const type = { ACKNOWLEDGED: 'acknowledged', SNOOZED: 'snoozed', RESOLVED: 'resolved' }[status as 'RESOLVED']
          await w.run(
            `INSERT INTO "TimelineEvent" ("id", "incidentId", "type", "at", "actorType", "actorName", "details") VALUES ($1, $2, $3, $4, 'system', 'system', '{}')`,
            [`evt_old_${i}_2`, `inc_old_${i}`, type, iso],
          )
        }
        await w.run(`UPDATE "IncidentCount" SET "count" = "count" + 1 WHERE "serviceId" = $1 AND "status" = $2`, [serviceId, status])
        const k = `${serviceId}/${status}/${bucketOf(at)}`
        expected.set(k, (expected.get(k) ?? 0) + 1)
      }
      await w.run(`INSERT INTO "Counter" ("name", "value") VALUES ('incident', $1)`, [createdAts().length])
    } finally {
      await w.close()
    }
    // The edges and the pre-1970 instants really are in different buckets (the test means something).
    expect(new Set([...expected.keys()].map((k) => Number(k.split('/')[2])).filter((b) => b < 1)).size).toBeGreaterThanOrEqual(2)

    const result = await migrate(target)
    expect(result.applied).toContain(MIGRATION)

    const db = await createDb(target)
    cleanup(() => db.close())
    const kept = await db.read.incidentBucketCount.findMany()
    expect(new Map(kept.map((r) => [`${r.serviceId}/${r.status}/${r.bucket}`, r.count]))).toEqual(expected)

    // The app's own writes after the upgrade: a new incident in an existing bucket, status moves.
    const actor = { type: 'system' as const, name: 'test' }
    const made = await createIncident(db, actor, { title: 'New', serviceId: 'svc_a', urgency: 'HIGH' }, { now: bucketStart(bucketOf(new Date('2024-03-01T00:00:00Z'))) })
    await updateIncident(db, actor, made.incident.id, { status: 'RESOLVED' })
    await updateIncident(db, actor, 'inc_old_0', { status: 'RESOLVED' })
    expect(await invariantViolations(db)).toEqual([])
  })
})
