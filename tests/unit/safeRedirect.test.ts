// Where a sign-in may send the browser afterwards: only to this app, however the value is spelled.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { safeNextPath } from '@/lib/auth/safeRedirect'

const BASE = 'https://incidents.example.com'

describe('safeNextPath', () => {
  it('keeps paths of this app, with their query and fragment', () => {
    expect(safeNextPath('/incidents/inc_1?tab=timeline#x')).toBe('/incidents/inc_1?tab=timeline#x')
    expect(safeNextPath('/admin/keys')).toBe('/admin/keys')
  })

  it.each([
    '//evil.example/phish',
    '/\\evil.example/phish',
    '/\t/evil.example/phish',
    '/\n/evil.example/phish',
    '/\r/evil.example/phish',
    '/\t\\evil.example',
    '/.//evil.example/phish',
    '/%2e//evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    ' /x',
  ])('sends %j home', (next) => {
    expect(new URL(safeNextPath(next), BASE).origin).toBe(BASE)
    expect(safeNextPath(next).startsWith('//')).toBe(false)
  })

  it('never yields control characters (a Location header must be able to carry it)', () => {
    expect(safeNextPath('/a\nb')).toBe('/ab')
    expect(safeNextPath('/a\u0001b')).toBe('/a%01b')
  })

  it('whatever it is given, a browser resolving the answer stays on this origin', () => {
    const piece = fc.constantFrom('/', '\\', '\t', '\n', '\r', '.', '..', '%2e', '%2f', '%5c', ':', '@', 'evil.example', '?', '#', ' ', '\u0000')
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string()), { maxLength: 8 }), (parts) => {
        const out = safeNextPath(parts.join(''))
        expect(out.startsWith('/')).toBe(true)
        expect(/[\u0000-\u001f\u007f]/.test(out)).toBe(false)
        expect(new URL(out, BASE).origin).toBe(BASE)
        // What the page hands on is used once more as a relative URL: it must resolve the same.
        expect(new URL(new URL(out, BASE).href).origin).toBe(BASE)
        // Its own answer is kept as it is (proxy.ts redirects until the value is clean: no loop).
        expect(safeNextPath(out)).toBe(out)
      }),
      { numRuns: 2000 },
    )
  })
})
