import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '@/lib/auth/passwords'
import { newId, randomIdBytes } from '@/lib/ids'

describe('passwords', () => {
  it('hashes with scrypt and a fresh salt; verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery')
    const b = await hashPassword('correct horse battery')
    expect(a).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain('correct horse')
    expect(await verifyPassword('correct horse battery', a)).toBe(true)
    expect(await verifyPassword('correct horse batterY', a)).toBe(false)
    expect(await verifyPassword('', a)).toBe(false)
  })

  it('treats Unicode-equivalent spellings as the same password (NFKC)', async () => {
    const stored = await hashPassword('ﬁsh and chips')
    expect(await verifyPassword('fish and chips', stored)).toBe(true)
  })

  it('refuses when there is no stored hash, or a malformed one', async () => {
    expect(await verifyPassword('not-a-real-password', null)).toBe(false)
    expect(await verifyPassword('anything', undefined)).toBe(false)
    expect(await verifyPassword('anything', 'plain-text')).toBe(false)
    expect(await verifyPassword('anything', 'bcrypt$1$2$3$abc$def')).toBe(false)
  })
})

describe('ids', () => {
  it('carry their type prefix and a 26-character ULID body', () => {
    for (const p of ['inc', 'svc', 'usr', 'key', 'evt', 'idem'] as const) {
      expect(newId(p)).toMatch(new RegExp(`^${p}_[0-9a-hjkmnp-tv-z]{26}$`))
    }
  })

  it('increase strictly, also within one millisecond and when the clock goes back', () => {
    const t = Date.now() + 1000
    const ids = [newId('evt', t), ...Array.from({ length: 500 }, () => newId('evt', t)), newId('evt', t - 5000), newId('evt', t + 1)]
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1], `${ids[i - 1]} < ${ids[i]}`).toBe(true)
  })

  it('take random bytes from the pool that are never handed out twice, across refills', () => {
    // 12 bytes each: 1,000 of them span three refills of the 4 KiB pool, one ending mid-draw.
    const drawn = Array.from({ length: 1000 }, () => randomIdBytes(12))
    expect(drawn.every((b) => b.length === 12)).toBe(true)
    expect(new Set(drawn.map((b) => b.toString('hex'))).size).toBe(1000)
    const first = drawn[0]!.toString('hex')
    randomIdBytes(4096)
    expect(drawn[0]!.toString('hex')).toBe(first)
  })

  it('sort by creation time across milliseconds', () => {
    const a = newId('inc', Date.now() + 10_000)
    const b = newId('inc', Date.now() + 20_000)
    expect(a < b).toBe(true)
  })
})
