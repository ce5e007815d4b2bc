// API keys: `ick_<lookup id>_<secret><checksum>`. The fixed `ick_` prefix lets secret scanners
// find leaked keys; the checksum turns away typos and random garbage without touching the
// database; the lookup id finds the row by a unique index; only a SHA-256 digest of the whole key
// is stored (the secret has 190 bits of entropy, so a fast digest is enough and nothing slow sits
// on the request path), and digests are compared in constant time.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import { crc32 } from 'node:zlib'
import { Prisma, type Db } from '@/lib/db/client'
import { queryRows } from '@/lib/db/statements'
import { forgetKey, keyCacheOf } from './keyCache'
import { AppError, invalidField, notFound } from '@/lib/errors'
import { newId } from '@/lib/ids'
import { createKeySchema, type ApiKeySummary, type CreateKeyInput, type CreatedKey } from '@/lib/schemas/admin'
import { isKeyScope, type KeyScope } from '@/lib/schemas/scopes'

export type { ApiKeySummary, CreatedKey }

export const KEY_PREFIX = 'ick_'
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const KEY_PATTERN = /^ick_([0-9A-Za-z]{12})_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/
// lastUsedAt is refreshed at most this often per key, so reads do not each cost a write.
const LAST_USED_RESOLUTION_MS = 60_000

function randomBase62(n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += BASE62[randomInt(62)]
  return s
}

function checksum(body: string): string {
  let n = crc32(body)
  let s = ''
  for (let i = 0; i < 6; i++) {
    s = BASE62[n % 62] + s
    n = Math.floor(n / 62)
  }
  return s
}

export const digest = (key: string) => createHash('sha256').update(key).digest('hex')

export function generateKey(): { key: string; lookupId: string } {
  const lookupId = randomBase62(12)
  const body = `${KEY_PREFIX}${lookupId}_${randomBase62(32)}`
  return { key: body + checksum(body), lookupId }
}

/** The lookup id of a well-formed key with a valid checksum; null for anything else. */
export function parseKey(key: string): { lookupId: string } | null {
  const m = KEY_PATTERN.exec(key)
  if (!m) return null
  if (checksum(key.slice(0, -6)) !== m[3]) return null
  return { lookupId: m[1] }
}

export interface VerifiedKey {
  id: string
  name: string
  scopes: KeyScope[]
  serviceId: string | null
}

export function parseScopes(stored: string): KeyScope[] {
  return stored.split(' ').filter(isKeyScope)
}

interface KeyRow {
  id: string
  name: string
  secretHash: string
  scopes: string
  expiresAt: Date | null
  revokedAt: Date | null
  lastUsedAt: Date | null
  serviceId: string | null
}

const lastUsedWritten = new Map<string, number>()

const usable = (row: { expiresAt: Date | null; revokedAt: Date | null }, now: Date) => !row.revokedAt && !(row.expiresAt && row.expiresAt <= now)

/** Whether the key with this id still authenticates (not revoked, not expired): for what outlives a request. */
export async function keyStillUsable(db: Db, id: string, now = new Date()): Promise<boolean> {
  const row = await db.read.apiKey.findUnique({ where: { id }, select: { expiresAt: true, revokedAt: true } })
  return !!row && usable(row, now)
}

/**
 * The key's identity, or null if it is malformed, unknown, revoked or expired. Expiry is checked
 * on every call. A revocation takes effect on the next request on every instance: on SQLite the
 * row is read on every call; on PostgreSQL a row kept in memory is dropped by the database's
 * notice of the change, is answered only once the notices committed before the request have
 * arrived, and none is kept while the notices cannot be heard (lib/auth/keyCache.ts).
 */
export async function verifyApiKey(db: Db, key: string, now = new Date(), beforeWrite = false): Promise<VerifiedKey | null> {
  const parsed = parseKey(key)
  if (!parsed) return null
  // A plain statement on the driver: it runs on every API request, and Prisma's client costs more
  // per raw statement than SQLite takes to answer it (lib/db/statements.ts).
  const lookup = Prisma.sql`SELECT "id", "name", "secretHash", "scopes", "expiresAt", "revokedAt", "lastUsedAt", "serviceId" FROM "ApiKey" WHERE "lookupId" = ${parsed.lookupId}`
  const cache = keyCacheOf<KeyRow>(db)
  const since = cache?.begin() ?? 0
  const kept = await cache?.get(parsed.lookupId)
  // SQLite, a request that goes on to write: read on the writer's connection, between
  // its transactions (atomic waits for the one in progress, so only committed rows are seen). A
  // read on the second connection between the writer's transactions made each of them cost
  // about twice as much (docs/performance.md, "Alert storm").
  const [row] = kept ? [kept] : beforeWrite && db.provider === 'sqlite' ? await db.atomic((write) => write<KeyRow>(lookup)) : await queryRows<KeyRow>(db.read, lookup)
  if (!row) return null
  const a = Buffer.from(digest(key), 'hex')
  const b = Buffer.from(row.secretHash, 'hex')
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null
  if (!kept) cache?.keep(parsed.lookupId, row, since)
  if (!usable(row, now)) return null
  touchLastUsed(db, row.id, row.lastUsedAt, now)
  return { id: row.id, name: row.name, scopes: parseScopes(row.scopes), serviceId: row.serviceId }
}

function touchLastUsed(db: Db, id: string, stored: Date | null, now: Date) {
  const threshold = now.getTime() - LAST_USED_RESOLUTION_MS
  if ((stored && stored.getTime() > threshold) || (lastUsedWritten.get(id) ?? 0) > threshold) return
  lastUsedWritten.set(id, now.getTime())
  // Off the request path; the condition keeps several instances from all writing it.
  void db
    .transaction((tx) =>
      tx.apiKey.updateMany({
        where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(threshold) } }] },
        data: { lastUsedAt: now },
      }),
    )
    .catch(() => lastUsedWritten.delete(id))
}


export async function createApiKey(db: Db, input: CreateKeyInput, createdById: string | null = null): Promise<CreatedKey> {
  const parsed = createKeySchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw invalidField(String(issue.path[0] ?? 'scopes'), issue.message)
  }
  const scopes = [...new Set(parsed.data.scopes)] as KeyScope[]
  const { key, lookupId } = generateKey()
  const id = newId('key')
  const expiresAt = parsed.data.expiresInDays ? new Date(Date.now() + parsed.data.expiresInDays * 86_400_000) : null
  const serviceId = parsed.data.serviceId ?? null
  await db.transaction(async (tx) => {
    if (serviceId && !(await tx.service.findUnique({ where: { id: serviceId }, select: { id: true } }))) {
      throw invalidField('serviceId', 'no service with this id')
    }
    return tx.apiKey.create({
      data: {
        id,
        name: parsed.data.name,
        lookupId,
        prefix: `${KEY_PREFIX}${lookupId}`,
        secretHash: digest(key),
        scopes: scopes.join(' '),
        expiresAt,
        createdById,
        serviceId,
      },
    })
  })
  return { id, key, name: parsed.data.name, scopes, expiresAt: expiresAt?.toISOString() ?? null, serviceId }
}

export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  const rows = await db.read.apiKey.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    include: { createdBy: { select: { id: true, name: true } } },
  })
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: parseScopes(r.scopes),
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    createdBy: r.createdBy,
    serviceId: r.serviceId,
  }))
}

/** Revokes a key; revoking an already revoked key keeps its first revocation time. */
export async function revokeApiKey(db: Db, id: string): Promise<void> {
  const lookupId = await db.transaction(async (tx) => {
    const row = await tx.apiKey.findUnique({ where: { id }, select: { revokedAt: true, lookupId: true } })
    if (!row) throw notFound('API key')
    if (!row.revokedAt) await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } })
    return row.lookupId
  })
  // Every instance drops the key on the database's notice; this one does not wait for it.
  forgetKey(db, lookupId)
}

export { AppError }
