import { describe, expect, it } from 'vitest'
import { readIdempotencyKey, requestHash } from '@/lib/api/idempotency'

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
