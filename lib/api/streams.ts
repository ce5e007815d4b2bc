// The live streams this process holds open, by credential. A stream is one long request, so the
// request limits see it once: without a cap one key could hold hundreds open. And it outlives the
// check its request passed: a key revoked or a user disabled (or signed out) afterwards would keep
// receiving notices. So every few seconds (STREAM_RECHECK_MS) each credential with a stream open
// is checked again, and its streams are ended once it no longer authenticates. Counted per
// process: with several instances a credential may hold that many on each.
import type { Db } from '@/lib/db/client'
import { keyStillUsable } from '@/lib/auth/apiKeys'
import { sessionStillLive } from '@/lib/auth/sessions'
import { env } from '@/lib/env'
import { describeError, log } from '@/lib/log'
import { principalKey, type Principal } from './principal'
import { RateLimitedError } from './rateLimit'

interface Held {
  principal: Principal
  end: () => void
}

interface State {
  byCredential: Map<string, Set<Held>>
  timer: ReturnType<typeof setInterval> | null
}

// On globalThis: Next bundles routes apart, and every stream route must count against one registry.
const g = globalThis as unknown as { __incidentConsoleStreams?: State }
const state = (g.__incidentConsoleStreams ??= { byCredential: new Map(), timer: null })

export interface StreamLease {
  /** Forget the stream (it ended for any reason). Safe to call more than once. */
  release: () => void
}

/** How many streams a credential holds open here. */
export const openStreams = (principal: Principal) => state.byCredential.get(principalKey(principal))?.size ?? 0

/**
 * Registers a stream for `principal`, which `end` closes; RATE_LIMITED (429) when it already holds
 * STREAMS_PER_CREDENTIAL. `end` is called when the credential stops authenticating.
 */
export function holdStream(db: Db, principal: Principal, end: () => void): StreamLease {
  const key = principalKey(principal)
  const limit = env().STREAMS_PER_CREDENTIAL
  const set = state.byCredential.get(key) ?? new Set<Held>()
  if (limit > 0 && set.size >= limit) {
    const retryAfter = Math.ceil(env().STREAM_RECHECK_MS / 1000)
    throw new RateLimitedError(
      { limit, remaining: 0, resetSeconds: retryAfter, retryAfter },
      `this credential already holds ${limit} live streams (STREAMS_PER_CREDENTIAL); close one`,
    )
  }
  const held: Held = { principal, end }
  set.add(held)
  state.byCredential.set(key, set)
  startChecking(db)
  return {
    release: () => {
      set.delete(held)
      if (!set.size && state.byCredential.get(key) === set) state.byCredential.delete(key)
      if (!state.byCredential.size && state.timer) {
        clearInterval(state.timer)
        state.timer = null
      }
    },
  }
}

const stillValid = (db: Db, p: Principal) => (p.kind === 'apiKey' ? keyStillUsable(db, p.id) : sessionStillLive(db, p.sessionId))

function startChecking(db: Db) {
  if (state.timer) return
  state.timer = setInterval(() => void recheck(db), env().STREAM_RECHECK_MS)
  state.timer.unref?.()
}

let checking = false
async function recheck(db: Db) {
  if (checking) return
  checking = true
  try {
    // One look per credential (a user's sessions are looked at one by one: signing out one ends its streams only).
    const groups = new Map<string, Held[]>()
    for (const set of state.byCredential.values()) {
      for (const held of set) {
        const id = held.principal.kind === 'apiKey' ? `key:${held.principal.id}` : `session:${held.principal.sessionId}`
        groups.set(id, [...(groups.get(id) ?? []), held])
      }
    }
    for (const holds of groups.values()) {
      if (await stillValid(db, holds[0].principal)) continue
      for (const held of holds) held.end()
    }
  } catch (e) {
    // A database that does not answer says nothing about the credential; the next look decides.
    log('warn', 'stream credential check failed', describeError(e))
  } finally {
    checking = false
  }
}
