// Request limits per credential (reads and writes counted apart), per address for failed
// authentication, and per (account, address) and per address for sign-ins (lib/auth/signInThrottle.ts). rate-limiter-flexible keeps
// the counts: in memory on SQLite (one instance), in PostgreSQL when the app runs there, so every
// instance draws from the same buckets. If the shared store fails, an in-memory "insurance"
// limiter keeps limiting: never fails open.
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { env } from '@/lib/env'
import { AppError } from '@/lib/errors'

export type Bucket = 'read' | 'write' | 'events'

export interface LimitState {
  limit: number
  remaining: number
  resetSeconds: number
}

export class RateLimitedError extends AppError {
  constructor(
    readonly state: LimitState & { retryAfter: number },
    what = 'too many requests',
  ) {
    super('RATE_LIMITED', `${what}; retry in ${state.retryAfter} s`)
  }
}


interface Limiters {
  read: RateLimiterAbstract | null
  write: RateLimiterAbstract | null
  events: RateLimiterAbstract | null
  authFailures: RateLimiterAbstract | null
  signInPair: RateLimiterAbstract | null
  signInAddress: RateLimiterAbstract | null
  /** In front of the shared sign-in limiters on PostgreSQL (null when those are in memory already). */
  signInPairLocal: RateLimiterAbstract | null
  signInAddressLocal: RateLimiterAbstract | null
}

const g = globalThis as unknown as { __incidentConsoleLimiters?: Promise<Limiters> }

async function build(): Promise<Limiters> {
  const target = resolveDatabaseUrl()
  let shared: (keyPrefix: string, points: number, duration: number) => RateLimiterAbstract
  const memory = (keyPrefix: string, points: number, duration: number) => new RateLimiterMemory({ keyPrefix, points, duration })
  if (target.provider === 'postgresql') {
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: target.url, max: 4, connectionTimeoutMillis: 5_000, application_name: 'incident-console-ratelimit' })
    pool.on('error', () => {}) // an idle client's error must not crash the process; queries report their own
    shared = (keyPrefix, points, duration) =>
      new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: 'rate_limits',
        tableCreated: true, // created by the migrations
        keyPrefix,
        points,
        duration,
        insuranceLimiter: memory(keyPrefix, points, duration),
      })
  } else {
    shared = memory
  }
  const make = (factory: typeof shared, prefix: string, points: number, duration: number) => (points ? factory(prefix, points, duration) : null)
  const limits = env()
  return {
    read: make(shared, 'rl_read', limits.RATE_LIMIT_READS_PER_MINUTE, 60),
    write: make(shared, 'rl_write', limits.RATE_LIMIT_WRITES_PER_MINUTE, 60),
    events: make(shared, 'rl_events', limits.RATE_LIMIT_EVENTS_PER_MINUTE, 60),
    // Per process, on purpose: a flood of bad keys must not cost a database round trip each.
    // With several instances an address gets that many times the budget, which still slows it.
    authFailures: make(memory, 'rl_authfail', limits.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE, 60),
    // Sign-in, over 15 minutes and shared across instances: guessing passwords is slow while a
    // user who mistypes a few times is not locked out for long. Per account *and* address, so
    // whoever guesses slows only themselves, never the account's owner elsewhere.
    signInPair: make(shared, 'login_pair', limits.LOGIN_FAILURES_PER_ACCOUNT, 900),
    signInAddress: make(shared, 'login_address', limits.LOGIN_FAILURES_PER_ADDRESS, 900),
    // The attempts this process saw are a part of all of them: once they alone use up a budget, the
    // shared count has too, and a burst is refused without queueing a round trip each for the
    // store's few connections (which kept everyone else's sign-in waiting behind it). At a
    // window's edge this may refuse slightly early, never late.
    signInPairLocal: shared === memory ? null : make(memory, 'login_pair_local', limits.LOGIN_FAILURES_PER_ACCOUNT, 900),
    signInAddressLocal: shared === memory ? null : make(memory, 'login_address_local', limits.LOGIN_FAILURES_PER_ADDRESS, 900),
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
  return take((await limiters())[bucket], credential)
}

/**
 * A limiter's "no" (it rejects with its RateLimiterRes): told apart by shape, not class, because
 * the limiters live on globalThis and Next bundles each route (and the API lane) with its own copy
 * of the library, so a refusal may come from another copy's class.
 */
const isRefusal = (e: unknown): e is RateLimiterRes =>
  typeof e === 'object' && e !== null && !(e instanceof Error) && typeof (e as RateLimiterRes).msBeforeNext === 'number' && typeof (e as RateLimiterRes).remainingPoints === 'number'

/** Counts one against `key` at once (atomically, in the shared store); RateLimitedError past the limit. */
async function take(limiter: RateLimiterAbstract | null, key: string): Promise<LimitState | null> {
  if (!limiter) return null
  try {
    return stateOf(limiter.points, await limiter.consume(key))
  } catch (e) {
    if (isRefusal(e)) {
      const state = stateOf(limiter.points, e)
      throw new RateLimitedError({ ...state, retryAfter: state.resetSeconds })
    }
    throw e
  }
}

/** Refuses with 429 when `key` has used up `limiter` (failures are recorded by penalty()). */
async function refuseIfSpent(limiter: RateLimiterAbstract | null, key: string): Promise<void> {
  if (!limiter) return
  const res = await limiter.get(key)
  if (res && res.consumedPoints >= limiter.points) {
    const state = stateOf(limiter.points, res)
    throw new RateLimitedError({ ...state, remaining: 0, retryAfter: state.resetSeconds })
  }
}

/** Refuses an address that has failed authentication too often in the last minute. */
export async function checkAuthFailures(address: string): Promise<void> {
  await refuseIfSpent((await limiters()).authFailures, address)
}

export async function recordAuthFailure(address: string): Promise<void> {
  await (await limiters()).authFailures?.penalty(address, 1).catch(() => {})
}

/** The sign-in limiters: `take` counts an attempt before it is checked, `giveBack` returns one. */
export async function signInLimits() {
  const l = await limiters()
  const layered = (local: RateLimiterAbstract | null, shared: RateLimiterAbstract | null) => {
    const giveBack = async (key: string) => {
      await Promise.all([local?.reward(key, 1).catch(() => {}), shared?.reward(key, 1).catch(() => {})])
    }
    return {
      take: async (key: string) => {
        await take(local, key)
        try {
          await take(shared, key)
        } catch (e) {
          await local?.reward(key, 1).catch(() => {})
          throw e
        }
      },
      giveBack,
      forget: async (key: string) => {
        await Promise.all([local?.delete(key).catch(() => false), shared?.delete(key).catch(() => false)])
      },
    }
  }
  return { pair: layered(l.signInPairLocal, l.signInPair), address: layered(l.signInAddressLocal, l.signInAddress) }
}
