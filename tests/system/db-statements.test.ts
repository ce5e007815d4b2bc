// Plain statements (lib/db/statements.ts) on both providers: on SQLite they bypass Prisma and run
// on the connection's own handle, so what must not change is checked here against Prisma itself —
// the values read back, the format written, and that a transaction's statements are part of it.
import { describe, expect, it, vi } from 'vitest'
import { Prisma, RetryTransaction, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl, type Provider } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { execute, queryRows, runsDirectly } from '@/lib/db/statements'
import { createService } from '@/lib/directory/services'
import { createIncident } from '@/lib/incidents/commands'
import { pageSql, type PageRow } from '@/lib/incidents/store/list'
import { listQuerySchema } from '@/lib/schemas/incidents'
import { tempDatabaseUrl } from '../support/app'
import { freshDb as freshDatabase } from '../support/freshDb'
import { postgresServer, providersUnderTest, cleanupAfterAll } from '../support/providers'

// Not UTC on purpose: timestamps must not depend on the process's time zone (pg reads and writes
// dates in it unless told otherwise; CI machines run in UTC and would never notice).
process.env.TZ = 'America/New_York'

const PG_SERVER = postgresServer()
const providers = providersUnderTest()

const cleanup = cleanupAfterAll()

const freshDb = (provider: Provider) => freshDatabase(provider, cleanup)

const { sql } = Prisma

describe.each(providers)('plain statements on %s', (provider) => {
  it('read back what Prisma reads back: dates as Date, booleans as boolean', async () => {
    const db = await freshDb(provider)
    const at = new Date('2026-03-04T05:06:07.089Z')
    // Prisma writes the service; the plain statement compares against what Prisma wrote.
    await db.transaction((tx) => tx.service.create({ data: { id: 'svc_a', name: 'api', createdAt: at } }))
    await db.transaction((tx) =>
      execute(
        tx,
        sql`INSERT INTO "Incident" ("id", "number", "title", "titleSearch", "status", "active", "urgency", "serviceId", "createdAt", "updatedAt", "version")
          VALUES (${'inc_a'}, ${1}, ${'Disk full'}, ${'disk full'}, ${'OPEN'}, ${true}, ${'high'}, ${'svc_a'}, ${at}, ${at}, ${1})`,
      ),
    )
    const read = sql`SELECT i."id", i."active", i."createdAt", i."acknowledgedAt", i."number", s."name" AS "serviceName"
      FROM "Incident" i JOIN "Service" s ON s."id" = i."serviceId" WHERE i."id" = ${'inc_a'}`
    const [mine] = await queryRows<{ active: boolean; createdAt: Date; acknowledgedAt: Date | null; number: number | bigint; serviceName: string }>(db.read, read)
    const [prismas] = await db.read.$queryRaw<(typeof mine)[]>(read)
    expect(mine.createdAt).toBeInstanceOf(Date)
    expect(mine.createdAt.toISOString()).toBe(at.toISOString())
    expect(mine.active).toBe(true)
    expect(mine.acknowledgedAt).toBeNull()
    expect({ ...mine, number: Number(mine.number) }).toEqual({ ...prismas, number: Number(prismas.number) })
    // The plain statement wrote the incident's dates as Prisma would: its model read agrees…
    const viaPrisma = await db.read.incident.findUnique({ where: { id: 'inc_a' } })
    expect(viaPrisma?.createdAt.toISOString()).toBe(at.toISOString())
    // …and a range comparison of a plain statement's argument with Prisma's stored text matches
    // the instant exactly (SQLite compares the text).
    const [{ n }] = await queryRows<{ n: number | bigint }>(
      db.read,
      sql`SELECT COUNT(*) AS "n" FROM "Service" WHERE "createdAt" >= ${at} AND "createdAt" <= ${at}`,
    )
    expect(Number(n)).toBe(1)
  })

  it('are part of the transaction they run in: a failure undoes them', async () => {
    const db = await freshDb(provider)
    const at = new Date()
    await expect(
      db.transaction(async (tx) => {
        await execute(tx, sql`INSERT INTO "Service" ("id", "name", "createdAt") VALUES (${'svc_b'}, ${'web'}, ${at})`)
        // Visible inside the transaction, to its own statements…
        const inside = await queryRows<{ id: string }>(tx, sql`SELECT "id" FROM "Service" WHERE "id" = ${'svc_b'}`)
        expect(inside).toHaveLength(1)
        throw new Error('abandon')
      }),
    ).rejects.toThrow('abandon')
    // …and gone after the rollback, for plain statements and for Prisma alike.
    expect(await queryRows(db.read, sql`SELECT "id" FROM "Service" WHERE "id" = ${'svc_b'}`)).toEqual([])
    expect(await db.read.service.count({ where: { id: 'svc_b' } })).toBe(0)
  })

  it("skip Prisma inside a transaction too, on the transaction's own connection", async () => {
    const db = await freshDb(provider)
    expect(runsDirectly(db.read)).toBe(true)
    // Twice: the second transaction may get a connection the first one gave back.
    for (let i = 0; i < 2; i++) {
      await db.transaction(async (tx) => {
        expect(runsDirectly(tx)).toBe(true)
        if (provider !== 'postgresql') return
        const [mine] = await queryRows<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS "pid"`)
        const [prismas] = await tx.$queryRaw<{ pid: number }[]>(sql`SELECT pg_backend_pid() AS "pid"`)
        expect(mine.pid).toBe(prismas.pid)
      })
    }
  })

  it('skip Prisma in every copy of the modules that share one set of connections', async () => {
    // Next loads lib/db once for instrumentation and once for the routes; the connections are
    // opened by whichever copy comes first, and the other copy's statements must still find the
    // transaction's runner (they silently went through Prisma once, at half the creates per second).
    const fresh = await tempDatabaseUrl(provider)
    cleanup(fresh.cleanup)
    await migrate(resolveDatabaseUrl(fresh.url))
    const before = process.env.DATABASE_URL
    process.env.DATABASE_URL = fresh.url
    type Opened = Promise<{ close(): Promise<void> }> | undefined
    const g = globalThis as { __incidentConsoleConnections?: Opened }
    const saved = g.__incidentConsoleConnections
    g.__incidentConsoleConnections = undefined
    try {
      vi.resetModules()
      const first = await import('@/lib/db/client')
      await first.getDb()
      vi.resetModules()
      const second = await import('@/lib/db/client')
      const statements = await import('@/lib/db/statements')
      const db = await second.getDb()
      expect(statements.runsDirectly(db.read)).toBe(true)
      await db.transaction(async (tx) => expect(statements.runsDirectly(tx)).toBe(true))
    } finally {
      await (await (g.__incidentConsoleConnections as Opened))?.close()
      g.__incidentConsoleConnections = saved
      process.env.DATABASE_URL = before
    }
  })

  it('do not show a transaction its uncommitted rows to readers', async () => {
    const db = await freshDb(provider)
    const at = new Date()
    let seenByReader: unknown[] = ['not read']
    await db.transaction(async (tx) => {
      await execute(tx, sql`INSERT INTO "Service" ("id", "name", "createdAt") VALUES (${'svc_c'}, ${'db'}, ${at})`)
      seenByReader = await queryRows(db.read, sql`SELECT "id" FROM "Service" WHERE "id" = ${'svc_c'}`)
    })
    expect(seenByReader).toEqual([])
    expect(await queryRows(db.read, sql`SELECT "id" FROM "Service" WHERE "id" = ${'svc_c'}`)).toEqual([{ id: 'svc_c' }])
  })

  it('store a lone surrogate as U+FFFD, as PostgreSQL does', async () => {
    const db = await freshDb(provider)
    await db.transaction((tx) =>
      execute(tx, sql`INSERT INTO "Service" ("id", "name", "createdAt") VALUES (${'svc_s'}, ${'half \ud800 a pair'}, ${new Date()})`),
    )
    const [row] = await queryRows<{ name: string }>(db.read, sql`SELECT "name" FROM "Service" WHERE "id" = ${'svc_s'}`)
    expect(row.name).toBe('half \ufffd a pair')
  })

  it('run one write on its own with db.atomic, from the start again when it lost', async () => {
    const db = await freshDb(provider)
    const at = new Date()
    await db.transaction((tx) => execute(tx, sql`INSERT INTO "Service" ("id", "name", "createdAt") VALUES (${'svc_x'}, ${'x'}, ${at})`))
    let attempts = 0
    const copied = await db.atomic(async (write) => {
      attempts++
      const [row] = await queryRows<{ name: string }>(db.read, sql`SELECT "name" FROM "Service" WHERE "id" = ${'svc_x'}`)
      // The first attempt's write fails (a taken id), as a lost compare-and-set does, and says so.
      const id = attempts === 1 ? 'svc_x' : 'svc_y'
      const [made] = await write<{ id: string }>(
        sql`INSERT INTO "Service" ("id", "name", "createdAt") VALUES (${id}, ${`${row.name} copy`}, ${at}) RETURNING "id"`,
      ).catch(() => {
        throw new RetryTransaction()
      })
      return made.id
    })
    expect({ attempts, copied }).toEqual({ attempts: 2, copied: 'svc_y' })
    expect(await queryRows(db.read, sql`SELECT "id", "name" FROM "Service" ORDER BY "id"`)).toEqual([
      { id: 'svc_x', name: 'x' },
      { id: 'svc_y', name: 'x copy' },
    ])
  })

  it.runIf(provider === 'postgresql')('keep their connection when the database refuses one, and drop it when the session ends', async () => {
    const db = await freshDb(provider)
    const backend = async () => (await db.atomic((write) => write<{ pid: number }>(sql`SELECT pg_backend_pid() AS "pid"`)))[0]!.pid
    const taken = sql`INSERT INTO "Counter" ("name", "value") VALUES (${'refused'}, ${1})`
    await db.atomic((write) => write(taken))
    const first = await backend()
    // One at a time, so each statement gets the connection the last one gave back.
    for (let i = 0; i < 3; i++) await expect(db.atomic((write) => write(taken))).rejects.toMatchObject({ code: '23505' })
    expect(await backend()).toBe(first)
    // Prisma's adapter queries the same pool outside a transaction.
    for (let i = 0; i < 3; i++) await expect(db.read.counter.create({ data: { name: 'refused', value: 1 } })).rejects.toMatchObject({ code: 'P2002' })
    expect(await backend()).toBe(first)
    // A session that ends mid-statement is not handed out again.
    await expect(db.atomic((write) => write(sql`SELECT pg_terminate_backend(pg_backend_pid())`))).rejects.toThrow()
    expect(await backend()).not.toBe(first)
  })

  it('count the rows a write changed, and reuse a statement with new arguments', async () => {
    const db = await freshDb(provider)
    const at = new Date()
    for (const [id, name] of [['svc_1', 'one'], ['svc_2', 'two'], ['svc_3', 'three']]) {
      await db.transaction((tx) => execute(tx, sql`INSERT INTO "Service" ("id", "name", "createdAt") VALUES (${id}, ${name}, ${at})`))
    }
    const changed = await db.transaction((tx) => execute(tx, sql`UPDATE "Service" SET "name" = "name" || ${'!'} WHERE "id" <> ${'svc_2'}`))
    expect(changed).toBe(2)
    for (const id of ['svc_1', 'svc_2', 'svc_3']) {
      const [row] = await queryRows<{ name: string }>(db.read, sql`SELECT "name" FROM "Service" WHERE "id" = ${id}`)
      expect(row.name).toBe({ svc_1: 'one!', svc_2: 'two', svc_3: 'three!' }[id])
    }
  })
})

// A create is several writes (the number, the counts, the incident, its event): on PostgreSQL one
// chained statement outside any transaction, or inside one when an Idempotency-Key's answer is
// recorded with it; on SQLite statements one after another in a transaction. Either way, all or
// nothing.
describe.each(providers)('a create on %s', (provider) => {
  const actor = { type: 'system', name: 'test' } as const
  const totals = async (db: Db) => {
    const [row] = await queryRows<Record<string, number | bigint | null>>(
      db.read,
      sql`SELECT (SELECT "value" FROM "Counter" WHERE "name" = 'incident') AS "counter",
        (SELECT COUNT(*) FROM "Incident") AS "incidents", (SELECT COUNT(*) FROM "TimelineEvent") AS "events",
        (SELECT SUM("count") FROM "IncidentCount") AS "counted", (SELECT SUM("count") FROM "IncidentBucketCount") AS "bucketed"`,
    )
    return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : Number(v)]))
  }

  it('leaves nothing behind when it fails, and numbers incidents without gaps', async () => {
    const db = await freshDb(provider)
    const { id: serviceId } = await createService(db, { name: 'api' })
    const input = { title: 'Disk full', serviceId, urgency: 'HIGH' } as const
    expect((await createIncident(db, actor, input)).incident.number).toBe(1)
    const before = await totals(db)
    expect(before).toEqual({ counter: 1, incidents: 1, events: 1, counted: 1, bucketed: 1 })

    // An unknown service: PostgreSQL's foreign key fails the whole statement, number included.
    await expect(createIncident(db, actor, { ...input, serviceId: 'svc_gone' })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [{ field: 'serviceId', message: 'no service with this id' }],
    })
    // A failure after the writes, inside the transaction that records an answer with them.
    await expect(
      createIncident(db, actor, input, {
        within: async () => {
          throw new Error('could not record the answer')
        },
      }),
    ).rejects.toThrow('could not record the answer')
    expect(await totals(db)).toEqual(before)

    const recorded: number[] = []
    const next = await createIncident(db, actor, input, { within: async (_tx, r) => void recorded.push(r.incident.number) })
    expect(next.incident.number).toBe(2)
    expect(recorded).toEqual([2])
    expect(await totals(db)).toEqual({ counter: 2, incidents: 2, events: 2, counted: 2, bucketed: 2 })
  })

  it('starts numbering at 1 on a database that never had an incident counter', async () => {
    const db = await freshDb(provider)
    const { id: serviceId } = await createService(db, { name: 'api' })
    await db.transaction((tx) => execute(tx, sql`DELETE FROM "Counter" WHERE "name" = 'incident'`))
    const created = await createIncident(db, actor, { title: 'First', serviceId, urgency: 'LOW' })
    expect(created.incident.number).toBe(1)
    expect((await totals(db)).counter).toBe(1)
  })
})

describe.each(providers)('a list page on %s', (provider) => {
  it("carries the read state beside each incident's own columns, not over them", async () => {
    const db = await freshDb(provider)
    const { id: serviceId } = await createService(db, { name: 'api' })
    await createIncident(db, { type: 'system', name: 'test' }, { title: 'Disk full', serviceId, urgency: 'HIGH' })
    const [row] = await queryRows<PageRow>(db.read, pageSql(provider, listQuerySchema.parse({}), new Date()))
    // Two writes (the service, the incident) moved the change counter; the incident is at version 1.
    expect(Number(row.changeCounter)).toBeGreaterThanOrEqual(2)
    expect(Number(row.version)).toBe(1)
    expect({ total: Number(row.total), snoozeDue: Boolean(Number(row.snoozeDue)) }).toEqual({ total: 1, snoozeDue: false })
  })
})

// A search only reads PostgreSQL's title index when it names the index's expression and collation
// exactly; otherwise it still answers, by reading every title, and only the plan tells.
describe.skipIf(!providers.includes('postgresql'))('a title search on postgresql', () => {
  it('reads the title index', async () => {
    const db = await freshDb('postgresql')
    const { id: serviceId } = await createService(db, { name: 'api' })
    await createIncident(db, { type: 'system', name: 'test' }, { title: 'Disk full on payments-17', serviceId, urgency: 'HIGH' })
    for (const q of ['payments-17', 'pay']) {
      const plan = await db.transaction(async (tx) => {
        await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off')
        return tx.$queryRaw<{ 'QUERY PLAN': string }[]>(sql`EXPLAIN ${pageSql('postgresql', listQuerySchema.parse({ q }), new Date())}`)
      })
      expect(plan.map((r) => r['QUERY PLAN']).join('\n'), q).toContain('Incident_titleSearch_trigrams_idx')
    }
  })
})
