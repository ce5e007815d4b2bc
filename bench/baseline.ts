// The bare baseline the benchmark compares the app with: plain node:http and the same database
// driver running the plain SQL for a list (one JOIN for the page, one COUNT(*) for the total) and
// answering the same JSON. No framework, no auth, no validation: what the hardware gives.
//   DATABASE_URL=… PORT=… tsx bench/baseline.ts      (bench/run.ts starts and stops it)
import { createServer } from 'node:http'
import { resolveDatabaseUrl } from '@/lib/db/config'

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>

async function connect(): Promise<Query> {
  const target = resolveDatabaseUrl()
  if (target.provider === 'sqlite') {
    const { default: Database } = await import('better-sqlite3')
    const db = new Database(target.url, { readonly: true })
    db.pragma('journal_mode = WAL')
    const cache = new Map<string, import('better-sqlite3').Statement<unknown[]>>()
    return async (sql, params) => {
      let st = cache.get(sql)
      if (!st) cache.set(sql, (st = db.prepare<unknown[]>(sql.replace(/\$\d+/g, '?'))))
      // SQLite keeps dates as ISO text and booleans as 1/0.
      return st.all(...params.map((p) => (typeof p === 'boolean' ? Number(p) : p))) as Record<string, unknown>[]
    }
  }
  const { default: pg } = await import('pg')
  const pool = new pg.Pool({ connectionString: target.url, max: 10 })
  return async (sql, params) => (await pool.query(sql, params)).rows
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
  const query = await connect()
  const server = createServer(async (req, res) => {
    const started = performance.now()
    try {
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
    }
    // The app writes one log line per request; so does the baseline, so both pay for it.
    process.stdout.write(JSON.stringify({ time: new Date().toISOString(), msg: 'request', path: req.url, ms: Math.round((performance.now() - started) * 10) / 10 }) + '\n')
  })
  server.keepAliveTimeout = 60_000
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'))
  process.on('SIGTERM', () => server.close(() => process.exit(0)))
}

void main()
