// The verified-keys cache's rules (lib/auth/keyCache.ts): nothing kept while not listening, a
// notice drops its key, and a row read across a notice or a change of listening is not kept.
import { describe, expect, it } from 'vitest'
import { KeyCache } from '@/lib/auth/keyCache'

const listeningCache = () => {
  const c = new KeyCache<string>()
  c.setListening(true)
  return c
}

describe('KeyCache', () => {
  it('keeps nothing while it is not listening', () => {
    const c = new KeyCache<string>()
    c.keep('a', 'row a', c.begin())
    expect(c.get('a')).toBeUndefined()
  })

  it('keeps a row while listening, until a notice drops that key', () => {
    const c = listeningCache()
    c.keep('a', 'row a', c.begin())
    c.keep('b', 'row b', c.begin())
    expect(c.get('a')).toBe('row a')
    c.drop('a')
    expect(c.get('a')).toBeUndefined()
    expect(c.get('b')).toBe('row b')
  })

  it("an empty notice (a TRUNCATE) drops every key", () => {
    const c = listeningCache()
    c.keep('a', 'row a', c.begin())
    c.keep('b', 'row b', c.begin())
    c.drop('')
    expect([c.get('a'), c.get('b')]).toEqual([undefined, undefined])
  })

  it('does not keep a row read before a notice that came in while it was read', () => {
    const c = listeningCache()
    const since = c.begin()
    c.drop('a')
    c.keep('a', 'stale row a', since)
    expect(c.get('a')).toBeUndefined()
    c.keep('a', 'row a', c.begin())
    expect(c.get('a')).toBe('row a')
  })

  it('forgets everything when listening stops, and keeps nothing read before it starts again', () => {
    const c = listeningCache()
    c.keep('a', 'row a', c.begin())
    const since = c.begin()
    c.setListening(false)
    expect(c.get('a')).toBeUndefined()
    c.setListening(true)
    expect(c.get('a')).toBeUndefined()
    c.keep('b', 'row read while deaf', since)
    expect(c.get('b')).toBeUndefined()
  })
})
