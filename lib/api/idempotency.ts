// Idempotency-Key for POST: the first answer is kept for 24 hours, per credential. A repeat with
// the same body gets that answer again (Idempotent-Replayed: true) and creates nothing; the same
// key with another body is a 422; a repeat while the first is still running is a 409.
//
// The key is claimed (in_flight) before the work starts and marked done inside the work's own
// transaction, so a crash can never leave "created but not recorded". A claim whose process died
// expires after IDEMPOTENCY_CLAIM_TTL_MS; a retry after that runs the work again (nothing was committed).
import { createHash } from 'node:crypto'
import type { Db, Tx } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { env } from '@/lib/env'
import { newId } from '@/lib/ids'

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000

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

type Claim = { kind: 'claimed'; id: string } | { kind: 'replay'; answer: StoredAnswer }

async function claim(db: Db, owner: string, key: string, hash: string, now: Date): Promise<Claim> {
  return db.transaction(async (tx) => {
    const row = await tx.idempotencyKey.findUnique({ where: { owner_key: { owner, key } } })
    const lockedUntil = new Date(now.getTime() + env().IDEMPOTENCY_CLAIM_TTL_MS)
    if (!row || row.expiresAt <= now) {
      if (row) await tx.idempotencyKey.delete({ where: { id: row.id } })
      const id = newId('idem')
      await tx.idempotencyKey.create({
        data: { id, owner, key, requestHash: hash, state: 'in_flight', lockedUntil, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) },
      })
      return { kind: 'claimed', id }
    }
    if (row.requestHash !== hash) {
      throw new AppError('VALIDATION_ERROR', 'this Idempotency-Key was already used with a different request body', [
        { field: 'Idempotency-Key', message: 'already used with a different body' },
      ])
    }
    if (row.state === 'done') return { kind: 'replay', answer: { status: row.responseStatus ?? 200, body: JSON.parse(row.responseBody ?? 'null') } }
    if (row.lockedUntil > now) throw new AppError('CONFLICT', 'a request with this Idempotency-Key is still in progress; retry shortly')
    // The first attempt died without committing anything: this one takes over.
    await tx.idempotencyKey.update({ where: { id: row.id }, data: { lockedUntil } })
    return { kind: 'claimed', id: row.id }
  })
}

async function release(db: Db, id: string) {
  await db.transaction((tx) => tx.idempotencyKey.deleteMany({ where: { id, state: 'in_flight' } })).catch(() => {})
}

/**
 * Runs `work` at most once per (owner, key, body). With a key, `work` receives `remember`, which it
 * must call inside its own transaction with the answer it is about to give. A failed attempt
 * releases the key, so the client can correct the problem and retry with the same key. Without a
 * key there is nothing to remember, and the work may need no transaction at all.
 */
export async function idempotent(
  db: Db,
  owner: string,
  key: string | null,
  body: unknown,
  work: (remember?: (tx: Tx, answer: StoredAnswer) => Promise<void>) => Promise<StoredAnswer>,
): Promise<StoredAnswer & { replayed: boolean }> {
  if (key === null) return { ...(await work()), replayed: false }
  const hash = requestHash(body)
  let claimed: Claim
  try {
    claimed = await claim(db, owner, key, hash, new Date())
  } catch (e) {
    // Two first attempts raced to insert the same key: the loser sees the winner's claim.
    if ((e as { code?: string }).code !== 'P2002') throw e
    claimed = await claim(db, owner, key, hash, new Date())
  }
  if (claimed.kind === 'replay') return { ...claimed.answer, replayed: true }
  const id = claimed.id
  try {
    const answer = await work(async (tx, a) => {
      await tx.idempotencyKey.update({
        where: { id },
        data: { state: 'done', responseStatus: a.status, responseBody: JSON.stringify(a.body) },
      })
    })
    return { ...answer, replayed: false }
  } catch (e) {
    await release(db, id)
    throw e
  }
}

/** Forgets answers older than 24 hours. */
export async function purgeExpiredIdempotencyKeys(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.transaction((tx) => tx.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } }))
  return count
}
