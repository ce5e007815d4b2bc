// The bare server the alert-storm benchmark compares the app with: plain node:http calling the
// same validation, normalization and ingestion the app's POST /api/events calls, on the same
// driver. No framework, no wrapper, no authentication (the integration is given), no rate limit:
// what ingestion costs on this hardware.
//   DATABASE_URL=… PORT=… ACTOR='{"type":"apiKey","id":"…","name":"…"}' tsx bench/stormBare.ts
//   POST /SERVICE_ID: an event for that service (bench/storm.ts starts and stops it)
import { createServer } from 'node:http'
import { createDb } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { ingest, type Integration } from '@/lib/events/ingest'
import { fromPagerDuty } from '@/lib/events/rules/normalize'
import { pagerDutyEventSchema } from '@/lib/schemas/events'

const db = await createDb(resolveDatabaseUrl())
const actor = JSON.parse(process.env.ACTOR ?? '') as Integration['actor']

const server = createServer((req, res) => {
  const chunks: Buffer[] = []
  req.on('data', (c: Buffer) => chunks.push(c))
  req.on('end', () => {
    const answer = async () => {
      const body = pagerDutyEventSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      return ingest(db, { actor, serviceId: (req.url ?? '/').slice(1) }, fromPagerDuty(body))
    }
    answer().then(
      ({ status, body }) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)),
      (e: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e)),
    )
  })
})
server.keepAliveTimeout = 60_000
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'))
process.on('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => void db.close().then(() => process.exit(0)))
})
