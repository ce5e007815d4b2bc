// Idempotency-Key for POST: the first answer is kept for 24 hours, per credential. A repeat with
// the same body gets that answer again (Idempotent-Replayed: true) and creates nothing; the same
// key with another body is a 422; a repeat while the first is still running is a 409.
//
// The key is claimed inside the work's own transaction, first, and its answer is recorded in that
// same transaction: the work and its answer commit together, and a crash commits neither. What
// says "still running" dies with the process that runs it, so a retry after a crash runs at once:
// a mark in this process (SQLite serves from one process), and on PostgreSQL also an advisory
// lock held by the claiming transaction, which the server drops with a dead process's connection.
import { createHash } from 'node:crypto'
import { Prisma, type Db, type Tx } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import { AppError } from '@/lib/errors'
import { newId } from '@/lib/ids'

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000

/**
 * The first key of the claim's advisory lock (the two-integer form, a space of its own apart from
 * the migration lock's single key); the second is a hash of the credential and the key. Two keys
 * with the same hash in flight at once make one of them a spurious 409, which a retry clears.
 */
const CLAIM_LOCK_CLASS = 0x1de4

export interface StoredAnswer {
  status: number
  body: unknown
}

/** sha256 of the body as parsed JSON, with object keys sorted: formatting does not matter. */
export function requestHash(body: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]))
        : v
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex')
}

export function readIdempotencyKey(value: string | null): string | null {
  if (value === null) return null
  if (value.length < 1 || value.length > 255) {
    throw new AppError('VALIDATION_ERROR', 'Idempotency-Key must be 1 to 255 characters', [
      { field: 'Idempotency-Key', message: 'must be 1 to 255 characters' },
    ])
  }
  return value
}

const inProgress = () => new AppError('CONFLICT', 'a request with this Idempotency-Key is still in progress; retry shortly')

/** Keys whose first request is running in this process, as `owner \n key`. */
const running = new Set<string>()

/** Thrown out of the work's transaction when the key already has an answer: nothing was written. */
class Replay {
  constructor(readonly answer: StoredAnswer) {}
}

/** The advisory lock's second key: 32 bits of sha256 over the credential and the key. */
function claimLockKey(owner: string, key: string): number {
  return createHash('sha256').update(`${owner}\n${key}`).digest().readInt32BE(0)
}

/** The hooks `work` runs in its own transaction: `claim` before anything else, `remember` last. */
export interface IdempotencyHooks {
  claim: (tx: Tx) => Promise<void>
  remember: (tx: Tx, answer: StoredAnswer) => Promise<void>
}

/**
 * Runs `work` at most once per (owner, key, body). With a key, `work` receives hooks to call inside
 * its one transaction: `claim` first (it ends the work with the stored answer, a 422 or a 409) and
 * `remember` with the answer it is about to give. A failed attempt commits nothing, so the client
 * can correct the problem and retry with the same key. Without a key there is nothing to
 * remember, and the work may need no transaction at all.
 */
export async function idempotent(
  db: Db,
  owner: string,
  key: string | null,
  body: unknown,
  work: (hooks?: IdempotencyHooks) => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  if (key === null) return { ...(await work()), replayed: false }
  const hash = requestHash(body)
  const mark = `${owner}\n${key}`
  if (running.has(mark)) throw inProgress()
  running.add(mark)
  const hooks: IdempotencyHooks = {
    claim: async (tx) => {
      if (db.provider === 'postgresql') {
        const [lock] = await queryRows<{ held: boolean }>(
          tx,
          Prisma.sql`SELECT pg_try_advisory_xact_lock(${CLAIM_LOCK_CLASS}::int4, ${claimLockKey(owner, key)}::int4) AS "held"`,
        )
        if (!lock?.held) throw inProgress()
      }
      const row = await tx.idempotencyKey.findUnique({ where: { owner_key: { owner, key } } })
      if (!row) return
      if (row.expiresAt > new Date()) {
        if (row.requestHash !== hash) {
          throw new AppError('VALIDATION_ERROR', 'this Idempotency-Key was already used with a different request body', [
            { field: 'Idempotency-Key', message: 'already used with a different body' },
          ])
        }
        if (row.state === 'done') throw new Replay({ status: row.responseStatus ?? 200, body: JSON.parse(row.responseBody ?? 'null') })
      }
      // Expired, or in flight for a claimer that died: this claim holds the key, so nobody else runs it.
      await tx.idempotencyKey.delete({ where: { id: row.id } })
    },
    remember: async (tx, a) => {
      const now = new Date()
      await tx.idempotencyKey.create({
        data: {
          id: newId('idem'),
          owner,
          key,
          requestHash: hash,
          state: 'done',
          responseStatus: a.status,
          responseBody: JSON.stringify(a.body),
          lockedUntil: now,
          expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
        },
      })
    },
  }
  const attempt = async () => {
    try {
      return { ...(await work(hooks)), replayed: false }
    } catch (e) {
      if (e instanceof Replay) return { ...e.answer, replayed: true }
      throw e
    }
  }
  try {
    return await attempt()
  } catch (e) {
    // Another process recorded the same key first (one without the claim above): its answer stands.
    if ((e as { code?: string }).code !== 'P2002') throw e
    return await attempt()
  } finally {
    running.delete(mark)
  }
}

/** Forgets answers older than 24 hours. */
export async function purgeExpiredIdempotencyKeys(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.transaction((tx) => tx.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } }))
  return count
}
