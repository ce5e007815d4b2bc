// Live streams are limited per credential and end once their credential stops authenticating:
// a stream is one long request, which the request limits count once and whose credential was
// checked only when it opened.
import { beforeAll, describe, expect, it } from 'vitest'
import { revokeApiKey } from '@/lib/auth/apiKeys'
import { updateUser } from '@/lib/directory/users'
import { openStream, type OpenStream } from '../support/stream'
import { baseUrl, expectError, makeKey, makeUser, sessionCookie, world, type World } from './helpers'
import { client } from '../support/fixtures'

// The defaults: STREAMS_PER_CREDENTIAL=10, rechecked every 5 s (the contract allows 15 s).
const PER_CREDENTIAL = 10
const ENDS_WITHIN_MS = 15_000

let w: World

beforeAll(async () => {
  w = await world()
})

async function open(credential: string | Record<string, string>): Promise<OpenStream> {
  const s = await openStream(baseUrl, credential)
  expect(s.response.status).toBe(200)
  await s.next('ready')
  return s
}

describe('streams per credential', () => {
  it(`one key holds at most ${PER_CREDENTIAL} open; the next is a 429, other keys are unaffected`, async () => {
    const { key } = await makeKey(w.db, ['incidents:read'])
    const held: OpenStream[] = []
    try {
      for (let i = 0; i < PER_CREDENTIAL; i++) held.push(await open(key))
      const refused = await client(baseUrl, key)('GET', '/api/incidents/stream')
      expectError(refused, 429, 'RATE_LIMITED')
      expect(refused.headers.get('retry-after')).toMatch(/^[1-9]\d*$/)
      const other = await open((await makeKey(w.db, ['incidents:read'])).key)
      other.close()
      // Closing one frees its place (the server notices the client going within moments).
      held.pop()!.close()
      let again: OpenStream | null = null
      for (let i = 0; i < 30 && !again; i++) {
        const s = await openStream(baseUrl, key)
        if (s.response.status === 200) again = s
        else await new Promise((r) => setTimeout(r, 100))
      }
      expect(again).not.toBeNull()
      held.push(again!)
    } finally {
      for (const s of held) s.close()
    }
  })
})

describe('a stream ends once its credential stops authenticating', () => {
  it('a revoked key', async () => {
    const { id, key } = await makeKey(w.db, ['incidents:read'])
    const s = await open(key)
    try {
      await revokeApiKey(w.db, id)
      await s.ended(ENDS_WITHIN_MS)
    } finally {
      s.close()
    }
  }, 30_000)

  it('a disabled user', async () => {
    const user = await makeUser(w.db, 'viewer')
    const cookie = await sessionCookie(baseUrl, user.email)
    const s = await open({ cookie })
    try {
      await updateUser(w.db, user.id, { disabled: true })
      await s.ended(ENDS_WITHIN_MS)
    } finally {
      s.close()
    }
  }, 30_000)

  it('while a stream of a key still in use stays open', async () => {
    const s = await open(w.key)
    try {
      await expect(s.ended(7_000)).rejects.toThrow(/still open/)
    } finally {
      s.close()
    }
  }, 30_000)
})
