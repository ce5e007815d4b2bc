import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { KEY_PREFIX, digest, generateKey, parseKey, parseScopes } from '@/lib/auth/apiKeys'
import { createKeySchema } from '@/lib/schemas/admin'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** The same key with one character of its body changed to another base62 character. */
function alterAt(key: string, i: number): string {
  const c = key[i]
  const next = BASE62[(BASE62.indexOf(c) + 1) % 62]
  return key.slice(0, i) + next + key.slice(i + 1)
}

describe('key format', () => {
  it('starts with the fixed prefix and has the documented layout', () => {
    const { key, lookupId } = generateKey()
    expect(KEY_PREFIX).toBe('ick_')
    expect(key).toMatch(/^ick_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}$/)
    expect(key.slice(4, 16)).toBe(lookupId)
  })

  it('is different every time', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateKey().key))
    const lookups = new Set(Array.from({ length: 200 }, () => generateKey().lookupId))
    expect(keys.size).toBe(200)
    expect(lookups.size).toBe(200)
  })
})

describe('parseKey', () => {
  it('accepts a generated key and returns its lookup id', () => {
    for (let i = 0; i < 50; i++) {
      const { key, lookupId } = generateKey()
      expect(parseKey(key)).toEqual({ lookupId })
    }
  })

  it('refuses a key altered in any one character of its body or checksum', () => {
    const { key } = generateKey()
    for (let i = KEY_PREFIX.length; i < key.length; i++) {
      if (key[i] === '_') continue
      expect(parseKey(alterAt(key, i)), `position ${i}`).toBeNull()
    }
  })

  it('refuses garbage and near misses', () => {
    const { key } = generateKey()
    for (const bad of [
      '',
      'garbage',
      key.slice(0, -1),
      key + 'x',
      key.replace('ick_', 'ICK_'),
      key.replace('ick_', 'sk_'),
      ` ${key}`,
      `${key} `,
      key.replace(/_(?=[^_]*$)/, '-'),
      'ick_' + 'a'.repeat(12) + '_' + 'b'.repeat(38),
    ]) {
      expect(parseKey(bad), JSON.stringify(bad)).toBeNull()
    }
  })
})

describe('digest', () => {
  it('is the SHA-256 hex of the whole key, never the key itself', () => {
    const { key } = generateKey()
    expect(digest(key)).toBe(createHash('sha256').update(key).digest('hex'))
    expect(digest(key)).toMatch(/^[0-9a-f]{64}$/)
    expect(digest(key)).not.toContain(key.slice(17))
    expect(digest(alterAt(key, 20))).not.toBe(digest(key))
  })
})

describe('scopes on a key', () => {
  it('parses the stored list and drops anything unknown', () => {
    expect(parseScopes('incidents:read incidents:write')).toEqual(['incidents:read', 'incidents:write'])
    expect(parseScopes('incidents:read admin Incidents:Write events:write')).toEqual(['incidents:read', 'events:write'])
    expect(parseScopes('')).toEqual([])
  })

  it('refuses an unknown or wrongly cased scope at creation', () => {
    expect(createKeySchema.safeParse({ name: 'k', scopes: ['incidents:read'] }).success).toBe(true)
    for (const scopes of [['Incidents:Read'], ['admin'], ['incidents:*'], [], ['incidents:read', 'nope']]) {
      expect(createKeySchema.safeParse({ name: 'k', scopes }).success, JSON.stringify(scopes)).toBe(false)
    }
  })

  it('refuses unknown fields, empty names and bad expiries', () => {
    expect(createKeySchema.safeParse({ name: 'k', scopes: ['incidents:read'], extra: 1 }).success).toBe(false)
    expect(createKeySchema.safeParse({ name: '  ', scopes: ['incidents:read'] }).success).toBe(false)
    expect(createKeySchema.safeParse({ name: 'k', scopes: ['incidents:read'], expiresInDays: 0 }).success).toBe(false)
    expect(createKeySchema.safeParse({ name: 'k', scopes: ['incidents:read'], expiresInDays: 1.5 }).success).toBe(false)
    expect(createKeySchema.safeParse({ name: 'k', scopes: ['incidents:read'], expiresInDays: 30 }).success).toBe(true)
  })
})
