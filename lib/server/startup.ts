// What a server process does before it serves: apply pending migrations (or refuse to start),
// then keep snoozes waking and expired records swept in the background until it is stopped.
import { getDb } from '@/lib/db/client'
import { describeTarget, resolveDatabaseUrl } from '@/lib/db/config'
import { MigrationError, migrate } from '@/lib/db/migrate'
import { purgeExpiredIdempotencyKeys } from '@/lib/api/idempotency'
import { keyCacheOf } from '@/lib/auth/keyCache'
import { installRequestGate } from './requestGate'
import { serveApiLane } from './apiLane'
import { wakeDueSnoozes } from '@/lib/incidents/commands'
import { env } from '@/lib/env'
import { describeError, log } from '@/lib/log'
import { purgeOldDeliveries, startDeliveryWorker } from '@/lib/notify/service'
import { startEscalationSweep } from '@/lib/escalation/service'
import { installGracefulShutdown, whenStopping } from './shutdown'

/** Plain text on stderr too: this is the line an operator reads when the start fails. */
function refuseToStart(message: string): never {
  process.stderr.write(`\nincident-console: refusing to start: ${message}\n\n`)
  process.exit(1)
}

/** Why this configuration must not serve, or null. */
function originProblem(): string | null {
  // Signed-in writes are judged by the origin they come from; in production it is never guessed
  // from a request's Host header, which whoever sends the request chooses.
  if (process.env.NODE_ENV === 'production' && env().APP_ORIGIN.length === 0) {
    return 'APP_ORIGIN is not set: give the public origin the dashboard is reached on, e.g. APP_ORIGIN=https://incidents.example.com (npm start and npm run demo set it for a server on 127.0.0.1)'
  }
  return null
}

export async function startServer(): Promise<void> {
  try {
    env()
  } catch (e) {
    refuseToStart((e as Error).message)
  }
  installGracefulShutdown()
  installRequestGate(serveApiLane)
  const problem = originProblem()
  if (problem) refuseToStart(problem)
  const target = resolveDatabaseUrl()
  try {
    const { applied, warnings } = await migrate(target)
    for (const w of warnings) log('warn', w)
    log('info', 'database ready', { database: describeTarget(target), appliedMigrations: applied })
  } catch (e) {
    refuseToStart(e instanceof MigrationError ? e.message : `cannot open the database: ${(e as Error).message}`)
  }
  // PostgreSQL: listen for changes to API keys from the start, so verified keys are kept from the
  // first request on (lib/auth/keyCache.ts); a failure to connect is retried there.
  void getDb().then(keyCacheOf, () => {})
  startSweeper()
  startDeliveryWorker(getDb)
  startEscalationSweep(getDb)
}

let sweeping = false
async function sweep() {
  if (sweeping) return
  sweeping = true
  try {
    const db = await getDb()
    const woken = await wakeDueSnoozes(db)
    if (woken) log('info', 'snoozes woken', { count: woken })
    await purgeExpiredIdempotencyKeys(db)
    await purgeOldDeliveries(db)
    await db.transaction((tx) => tx.session.deleteMany({ where: { expiresAt: { lte: new Date() } } }))
  } catch (e) {
    log('error', 'background sweep failed', describeError(e))
  } finally {
    sweeping = false
  }
}

// Snoozes wake within SWEEP_INTERVAL_MS of their time even when nobody reads them (the contract allows a minute).
function startSweeper() {
  void sweep() // at once: snoozes that ran out while the server was down wake now
  const timer = setInterval(sweep, env().SWEEP_INTERVAL_MS)
  timer.unref()
  whenStopping(() => clearInterval(timer))
}
