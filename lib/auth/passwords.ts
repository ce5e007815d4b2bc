// Passwords: scrypt (memory-hard, in node:crypto), stored as scrypt$N$r$p$salt$hash.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { env } from '@/lib/env'

// At most a few hashes at once, the rest wait their turn in order. Each takes ~32 MiB and a
// thread of libuv's pool of four, which the rest of the process shares: unbounded, a burst of
// sign-ins queued everyone's (and every file read's) work behind it for seconds. A dozen lines,
// so no dependency for it.
let running = 0
const waiting: (() => void)[] = []

async function inTurn<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= env().PASSWORD_HASHES_AT_ONCE) await new Promise<void>((r) => waiting.push(r))
  else running++
  try {
    return await fn()
  } finally {
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  inTurn(() => new Promise<Buffer>((resolve, reject) => scryptCb(pw, salt, len, opts, (e, k) => (e ? reject(e) : resolve(k)))))

const N = 2 ** 15
const R = 8
const P = 1
const KEYLEN = 32
const MAXMEM = 64 * 1024 * 1024

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scrypt(password.normalize('NFKC'), salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM })
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$')
}

// Verifying against this when the email is unknown makes both answers cost the same time.
let dummy: Promise<string> | undefined

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const target = stored ?? (await (dummy ??= hashPassword('not-a-real-password')))
  const [alg, n, r, p, salt, hash] = target.split('$')
  if (alg !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: MAXMEM,
  })
  return timingSafeEqual(actual, expected) && stored != null
}
