import { describe, expect, it, vi } from 'vitest'
import { idempotent, readIdempotencyKey, requestHash } from '@/lib/api/idempotency'
import type { Db } from '@/lib/db/client'

describe('idempotency request hash', () => {
  it('is the same for the same JSON whatever the key order', () => {
    expect(requestHash({ a: 1, b: { c: [1, 2], d: null } })).toBe(requestHash({ b: { d: null, c: [1, 2] }, a: 1 }))
  })

  it('differs for any difference in value, type or array order', () => {
    const base = requestHash({ a: 1, list: [1, 2] })
    for (const other of [{ a: 2, list: [1, 2] }, { a: '1', list: [1, 2] }, { a: 1, list: [2, 1] }, { a: 1, list: [1, 2], b: null }, { a: 1 }]) {
      expect(requestHash(other), JSON.stringify(other)).not.toBe(base)
    }
  })
})

describe('Idempotency-Key header', () => {
  it('is optional, and 1…255 characters when present', () => {
    expect(readIdempotencyKey(null)).toBeNull()
    expect(readIdempotencyKey('k')).toBe('k')
    expect(readIdempotencyKey('x'.repeat(255))).toHaveLength(255)
    expect(() => readIdempotencyKey('')).toThrow(/1 to 255/)
    expect(() => readIdempotencyKey('x'.repeat(256))).toThrow(/1 to 255/)
  })
})

describe('a key in flight', () => {
  // Only the in-process mark is reached: a repeat is refused before its work runs, so no database is needed.
  const db = { provider: 'sqlite' } as Db

  it('refuses a repeat while the first runs, and lets one through once it has finished', async () => {
    let finish!: () => void
    const gate = new Promise<void>((r) => (finish = r))
    const first = idempotent(db, 'key:a', 'k', { n: 1 }, async () => (await gate, { status: 201, body: 'first' }))
    const repeat = vi.fn(async () => ({ status: 201, body: 'repeat' }))
    await expect(idempotent(db, 'key:a', 'k', { n: 1 }, repeat)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect(repeat).not.toHaveBeenCalled()
    // Another credential's key of the same text is its own.
    await expect(idempotent(db, 'key:b', 'k', { n: 1 }, repeat)).resolves.toMatchObject({ body: 'repeat' })
    finish()
    await expect(first).resolves.toMatchObject({ body: 'first', replayed: false })
    await expect(idempotent(db, 'key:a', 'k', { n: 1 }, repeat)).resolves.toMatchObject({ body: 'repeat' })
  })

  it('lets a repeat through after the first failed', async () => {
    await expect(idempotent(db, 'key:a', 'f', {}, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(idempotent(db, 'key:a', 'f', {}, async () => ({ status: 201, body: 'ok' }))).resolves.toMatchObject({ body: 'ok' })
  })
})
