// Request limits per credential (reads and writes counted apart) and per address for failed
// authentication. rate-limiter-flexible keeps the counts: in memory on SQLite (one instance), in
// PostgreSQL when the app runs there, so every instance draws from the same buckets. If the
// shared store fails, an in-memory "insurance" limiter keeps limiting: never fails open.
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { AppError } from '@/lib/errors'

export type Bucket = 'read' | 'write'

export interface LimitState {
  limit: number
  remaining: number
  resetSeconds: number
}

export class RateLimitedError extends AppError {
  constructor(readonly state: LimitState & { retryAfter: number }) {
    super('RATE_LIMITED', `too many requests; retry in ${state.retryAfter} s`)
  }
}

const perMinute = (name: string, fallback: number) => {
  const raw = process.env[name]
  const n = raw === undefined || raw === '' ? fallback : Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0 (0 turns the limit off)`)
  return n
}

interface Limiters {
  read: RateLimiterAbstract | null
  write: RateLimiterAbstract | null
  authFailures: RateLimiterAbstract | null
}

const g = globalThis as unknown as { __incidentConsoleLimiters?: Promise<Limiters> }

async function build(): Promise<Limiters> {
  const reads = perMinute('RATE_LIMIT_READS_PER_MINUTE', 600)
  const writes = perMinute('RATE_LIMIT_WRITES_PER_MINUTE', 120)
  const failures = perMinute('RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', 60)
  const target = resolveDatabaseUrl()
  let make: (prefix: string, points: number) => RateLimiterAbstract
  if (target.provider === 'postgresql') {
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: target.url, max: 4, connectionTimeoutMillis: 5_000, application_name: 'incident-console-ratelimit' })
    pool.on('error', () => {}) // an idle client's error must not crash the process; queries report their own
    make = (keyPrefix, points) =>
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: 'rate_limits',
        tableCreated: true, // created by the migrations
        keyPrefix,
        points,
        duration: 60,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: 60 }),
      })
  } else {
    make = (keyPrefix, points) => new RateLimiterMemory({ keyPrefix, points, duration: 60 })
  }
  return {
    read: reads ? make('rl_read', reads) : null,
    write: writes ? make('rl_write', writes) : null,
    authFailures: failures ? make('rl_authfail', failures) : null,
  }
}

const limiters = () => (g.__incidentConsoleLimiters ??= build())

const stateOf = (points: number, res: RateLimiterRes): LimitState => ({
  limit: points,
  remaining: Math.max(0, res.remainingPoints),
  resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
})

/** Counts one request against the credential's bucket; throws RateLimitedError past the limit. */
export async function consume(bucket: Bucket, credential: string): Promise<LimitState | null> {
  const limiter = (await limiters())[bucket]
  if (!limiter) return null
  try {
    return stateOf(limiter.points, await limiter.consume(credential))
  } catch (e) {
    if (e instanceof RateLimiterRes) {
      const state = stateOf(limiter.points, e)
      throw new RateLimitedError({ ...state, retryAfter: state.resetSeconds })
    }
    throw e
  }
}

/** Refuses an address that has failed authentication too often in the last minute. */
export async function checkAuthFailures(address: string): Promise<void> {
  const limiter = (await limiters()).authFailures
  if (!limiter) return
  const res = await limiter.get(address)
  if (res && res.consumedPoints >= limiter.points) {
    const state = stateOf(limiter.points, res)
    throw new RateLimitedError({ ...state, remaining: 0, retryAfter: state.resetSeconds })
  }
}

export async function recordAuthFailure(address: string): Promise<void> {
  const limiter = (await limiters()).authFailures
  if (!limiter) return
  await limiter.penalty(address, 1).catch(() => {})
}

// Sign-in: wrong passwords are limited per account and per address, over 15 minutes, so guessing
// is slow while a user who mistypes a few times is not locked out for long.
const loginLimiters = (() => {
  let made: { account: RateLimiterMemory; address: RateLimiterMemory } | undefined
  return () =>
    (made ??= {
      account: new RateLimiterMemory({ keyPrefix: 'login_account', points: perMinute('LOGIN_FAILURES_PER_ACCOUNT', 5), duration: 900 }),
      address: new RateLimiterMemory({ keyPrefix: 'login_address', points: perMinute('LOGIN_FAILURES_PER_ADDRESS', 20), duration: 900 }),
    })
})()

export async function checkLogin(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = loginLimiters()
  for (const [limiter, key] of [[account, email], [byAddress, address]] as const) {
    const res = await limiter.get(key)
    if (res && res.consumedPoints >= limiter.points) {
      const retryAfter = Math.max(1, Math.ceil(res.msBeforeNext / 1000))
      throw new RateLimitedError({ limit: limiter.points, remaining: 0, resetSeconds: retryAfter, retryAfter })
    }
  }
}

export async function recordLoginFailure(email: string, address: string): Promise<void> {
  const { account, address: byAddress } = loginLimiters()
  await Promise.all([account.penalty(email, 1), byAddress.penalty(address, 1)])
}

export async function clearLoginFailures(email: string): Promise<void> {
  await loginLimiters().account.delete(email)
}
