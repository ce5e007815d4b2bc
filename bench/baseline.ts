// The bare baseline the benchmark compares the app with: plain node:http and the same database
// driver running the plain SQL for a list (one JOIN for the page, one COUNT(*) for the total) and
// answering the same JSON. No framework, no auth, no validation: what the hardware gives.
// POST /api/incidents is the same for a create: the writes the app makes (number, incident, its
// `created` event, the OPEN count, its bucket count) in one transaction, one at a time on SQLite.
//   DATABASE_URL=… PORT=… tsx bench/baseline.ts      (bench/run.ts starts and stops it)
import { createServer } from 'node:http'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { bucketOf } from '@/lib/incidents/store/buckets'

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>
interface Connection {
  query: Query
  /** Runs `fn` as one transaction on a connection of its own. */
  transaction<T>(fn: (q: Query) => Promise<T>): Promise<T>
}

async function connect(): Promise<Connection> {
  const target = resolveDatabaseUrl()
  if (target.provider === 'sqlite') {
    const { default: Database } = await import('better-sqlite3')
    const open = (readonly: boolean): Query => {
      const db = new Database(target.url, { readonly, timeout: 10_000 })
      db.pragma('journal_mode = WAL')
      if (!readonly) db.pragma('synchronous = NORMAL')
      // PostgreSQL's $1 … placeholders become ?, in order (a $n may appear twice).
      const cache = new Map<string, { st: import('better-sqlite3').Statement<unknown[]>; order: number[] }>()
      return async (sql, params) => {
        let entry = cache.get(sql)
        if (!entry) {
          const order = [...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]) - 1)
          cache.set(sql, (entry = { st: db.prepare<unknown[]>(sql.replace(/\$\d+/g, '?')), order }))
        }
        const { st, order } = entry
        // SQLite keeps dates as ISO text (as Prisma's adapter writes them) and booleans as 1/0.
        const args = order
          .map((i) => params[i])
          .map((p) => (typeof p === 'boolean' ? Number(p) : p instanceof Date ? p.toISOString().replace('Z', '+00:00') : p))
        return st.reader ? (st.all(...args) as Record<string, unknown>[]) : (st.run(...args), [])
      }
    }
    const read = open(true)
    const write = open(false)
    let tail: Promise<unknown> = Promise.resolve()
    return {
      query: read,
      transaction: (fn) => {
        const run = tail.then(async () => {
          await write('BEGIN IMMEDIATE', [])
          try {
            const result = await fn(write)
            await write('COMMIT', [])
            return result
          } catch (e) {
            await write('ROLLBACK', [])
            throw e
          }
        })
        tail = run.catch(() => {})
        return run
      },
    }
  }
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: target.url, max: 10 })
  return {
    query: async (sql, params) => (await pool.query(sql, params)).rows,
    transaction: async (fn) => {
      const c = await pool.connect()
      try {
        await c.query('BEGIN')
        const result = await fn(async (sql, params) => (await c.query(sql, params)).rows)
        await c.query('COMMIT')
        return result
      } catch (e) {
        await c.query('ROLLBACK')
        throw e
      } finally {
        c.release()
      }
    },
  }
}

let created = 0

async function create(conn: Connection, input: { title: string; serviceId: string; urgency?: string }) {
  return conn.transaction(async (q) => {
    const now = new Date()
    const [n] = await q(
      `UPDATE "Counter" SET "value" = "value" + 1 WHERE "name" = 'incident'
       RETURNING "value" AS "number", (SELECT "name" FROM "Service" WHERE "id" = $1) AS "serviceName"`,
      [input.serviceId],
    )
    const row = {
      id: `inc_base${process.pid}_${now.getTime()}_${created++}`,
      number: n.number,
      title: input.title,
      description: null,
      status: 'OPEN',
      urgency: input.urgency ?? 'high',
      priority: null,
      serviceId: input.serviceId,
      serviceName: n.serviceName,
      assigneeId: null,
      createdAt: now,
      updatedAt: now,
    }
    await q(
      `INSERT INTO "Incident" ("id", "number", "title", "titleSearch", "description", "status", "active", "urgency", "priority",
         "serviceId", "assigneeId", "createdAt", "updatedAt", "version")
       VALUES ($1, $2, $3, $4, NULL, 'OPEN', $5, $6, NULL, $7, NULL, $8, $8, 1)`,
      [row.id, row.number, row.title, row.title.toLowerCase(), true, row.urgency, row.serviceId, now],
    )
    await q(
      `INSERT INTO "TimelineEvent" ("id", "incidentId", "type", "at", "actorType", "actorId", "actorName", "details")
       VALUES ($1, $2, 'created', $3, 'system', NULL, 'baseline', $4)`,
      [`evt_${row.id}`, row.id, now, JSON.stringify({ title: row.title, status: 'OPEN', urgency: row.urgency })],
    )
    await q(`UPDATE "IncidentCount" SET "count" = "count" + 1 WHERE "serviceId" = $1 AND "status" = 'OPEN'`, [row.serviceId])
    // The app's lists rely on the per-bucket counts too: the bare creates must keep them exact.
    await q(
      `INSERT INTO "IncidentBucketCount" ("serviceId", "status", "bucket", "count") VALUES ($1, 'OPEN', $2, 1)
       ON CONFLICT ("serviceId", "status", "bucket") DO UPDATE SET "count" = "IncidentBucketCount"."count" + 1`,
      [row.serviceId, bucketOf(now)],
    )
    return row
  })
}

const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString())

function toIncident(r: Record<string, unknown>) {
  return {
    id: r.id,
    number: Number(r.number),
    title: r.title,
    description: r.description,
    status: r.status,
    urgency: r.urgency,
    priority: r.priority,
    service: { id: r.serviceId, name: r.serviceName },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName, email: r.assigneeEmail } : null,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
    acknowledgedAt: iso(r.acknowledgedAt),
    resolvedAt: iso(r.resolvedAt),
    snoozedUntil: iso(r.snoozedUntil),
  }
}

async function main() {
  const conn = await connect()
  const query = conn.query
  // Requests still being answered: after a load ends, those of its last requests that run for
  // seconds go on (the database keeps working on them) and would share the machine with the next
  // scenario. GET /idle answers 200 only once they are done (bench/run.ts waits for it).
  let busy = 0
  const server = createServer(async (req, res) => {
    if (req.url === '/idle') {
      res.writeHead(busy ? 503 : 200).end()
      return
    }
    busy++
    const started = performance.now()
    try {
      if (req.method === 'POST') {
        let text = ''
        for await (const chunk of req) text += chunk
        const incident = toIncident(await create(conn, JSON.parse(text)))
        res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', location: `/api/incidents/${incident.id}` }).end(JSON.stringify(incident))
        return
      }
      const url = new URL(req.url ?? '/', 'http://x')
      const p = url.searchParams
      const where: string[] = []
      const params: unknown[] = []
      const add = (clause: (n: string) => string, value: unknown) => {
        params.push(value)
        where.push(clause(`$${params.length}`))
      }
      const list = (name: string) => (p.get(name) ?? '').split(',').filter(Boolean)
      const statuses = list('status')
      if (statuses.length) where.push(`i."status" IN (${statuses.map((s) => (params.push(s), `$${params.length}`)).join(',')})`)
      const services = list('serviceId')
      if (services.length) where.push(`i."serviceId" IN (${services.map((s) => (params.push(s), `$${params.length}`)).join(',')})`)
      const q = p.get('q')
      if (q) add((n) => `i."titleSearch" LIKE ${n}`, `%${q.toLowerCase()}%`)
      const limit = Number(p.get('limit') ?? 50)
      const offset = Number(p.get('offset') ?? 0)
      const w = where.length ? `WHERE ${where.join(' AND ')}` : ''
      const n = params.length
      const [rows, count] = await Promise.all([
        query(
          `SELECT i.*, s."name" AS "serviceName", u."name" AS "assigneeName", u."email" AS "assigneeEmail"
           FROM "Incident" i JOIN "Service" s ON s."id" = i."serviceId" LEFT JOIN "User" u ON u."id" = i."assigneeId"
           ${w} ORDER BY i."createdAt" DESC, i."id" DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
          [...params, limit, offset],
        ),
        query(`SELECT COUNT(*) AS "total" FROM "Incident" i ${w}`, params),
      ])
      const total = Number(count[0].total)
      const body = JSON.stringify({ incidents: rows.map(toIncident), total, limit, offset, hasMore: offset + rows.length < total })
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body)
    } catch (e) {
      res.writeHead(500).end(String(e))
    } finally {
      busy--
      // The app writes one log line per request; so does the baseline, so both pay for it.
      process.stdout.write(JSON.stringify({ time: new Date().toISOString(), msg: 'request', path: req.url, ms: Math.round((performance.now() - started) * 10) / 10 }) + '\n')
    }
  })
  server.keepAliveTimeout = 60_000
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'))
  process.on('SIGTERM', () => server.close(() => process.exit(0)))
}

void main()
