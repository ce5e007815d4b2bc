// The verified-keys cache's rules (lib/auth/keyCache.ts): nothing kept while not listening, a
// notice drops its key, a row read across a notice or a change of listening is not kept, and a
// kept row is answered only once the notices have caught up.
import { describe, expect, it } from 'vitest'
import { KeyCache } from '@/lib/auth/keyCache'

const caughtUp = () => Promise.resolve(true)
const listeningCache = (upToDate: () => Promise<boolean> = caughtUp) => {
  const c = new KeyCache<string>(upToDate)
  c.setListening(true)
  return c
}

describe('KeyCache', () => {
  it('keeps nothing while it is not listening', async () => {
    const c = new KeyCache<string>(caughtUp)
    c.keep('a', 'row a', c.begin())
    expect(await c.get('a')).toBeUndefined()
  })

  it('keeps a row while listening, until a notice drops that key', async () => {
    const c = listeningCache()
    c.keep('a', 'row a', c.begin())
    c.keep('b', 'row b', c.begin())
    expect(await c.get('a')).toBe('row a')
    c.drop('a')
    expect(await c.get('a')).toBeUndefined()
    expect(await c.get('b')).toBe('row b')
  })

  it('an empty notice (a TRUNCATE) drops every key', async () => {
    const c = listeningCache()
    c.keep('a', 'row a', c.begin())
    c.keep('b', 'row b', c.begin())
    c.drop('')
    expect([await c.get('a'), await c.get('b')]).toEqual([undefined, undefined])
  })

  it('does not keep a row read before a notice that came in while it was read', async () => {
    const c = listeningCache()
    const since = c.begin()
    c.drop('a')
    c.keep('a', 'stale row a', since)
    expect(await c.get('a')).toBeUndefined()
    c.keep('a', 'row a', c.begin())
    expect(await c.get('a')).toBe('row a')
  })

  it('forgets everything when listening stops, and keeps nothing read before it starts again', async () => {
    const c = listeningCache()
    c.keep('a', 'row a', c.begin())
    const since = c.begin()
    c.setListening(false)
    expect(await c.get('a')).toBeUndefined()
    c.setListening(true)
    expect(await c.get('a')).toBeUndefined()
    c.keep('b', 'row read while deaf', since)
    expect(await c.get('b')).toBeUndefined()
  })

  it('answers a kept row only after catching up, and not if a notice arriving meanwhile dropped it', async () => {
    let arrive = () => {}
    const c = listeningCache(async () => {
      // A revocation's notice that was on its way when the request asked.
      await new Promise<void>((r) => (arrive = r))
      c.drop('a')
      return true
    })
    c.keep('a', 'row a', c.begin())
    const a = c.get('a')
    arrive()
    expect(await a).toBeUndefined()
  })

  it('answers nothing kept when it cannot catch up (the notices connection was lost meanwhile)', async () => {
    const c = listeningCache(() => Promise.resolve(false))
    c.keep('a', 'row a', c.begin())
    expect(await c.get('a')).toBeUndefined()
  })

  it('does not wait to catch up for a key it has not kept', async () => {
    let asked = 0
    const c = listeningCache(() => Promise.resolve(++asked > 0))
    expect(await c.get('a')).toBeUndefined()
    expect(asked).toBe(0)
  })
})
