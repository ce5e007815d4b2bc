// Sign-in limits under concurrency, on servers of their own with the default limits (5 checked per
// account and address, 20 per address, in 15 minutes), on SQLite and on PostgreSQL (shared store).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb, type Db } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { startApp, tempDatabaseUrl, type RunningApp } from '../support/app'
import { call, type Answer } from '../support/call'
import { TEST_PASSWORD, makeUser } from '../support/fixtures'
import { providersUnderTest } from '../support/providers'

const PER_PAIR = 5
const PER_ADDRESS = 20

const signIn = (app: RunningApp, email: string, password: string, from: string) =>
  call(app, 'POST', '/api/auth/login', { body: { email, password }, from })

const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length

describe.each(providersUnderTest())('sign-in throttling on %s', (provider) => {
  let app: RunningApp
  let db: Db
  let cleanup: () => unknown

  beforeAll(async () => {
    const target = await tempDatabaseUrl(provider)
    cleanup = target.cleanup
    app = await startApp({ databaseUrl: target.url })
    db = await createDb(resolveDatabaseUrl(target.url))
  })
  afterAll(async () => {
    await app?.stop()
    await db?.close()
    await cleanup?.()
  })

  it('100 simultaneous wrong passwords for one account from one address: at most the limit checked, the rest 429', async () => {
    const victim = await makeUser(db)
    const other = await makeUser(db)
    const burst = Array.from({ length: 100 }, () => signIn(app, victim.email, 'wrong password!', '127.0.0.1'))
    // Another user signs in from the same address while the burst is being answered.
    await new Promise((r) => setTimeout(r, 50))
    const started = performance.now()
    const theirs = await signIn(app, other.email, TEST_PASSWORD, '127.0.0.1')
    const ms = performance.now() - started
    const answers = await Promise.all(burst)
    console.log(`[${provider}] burst: ${count(answers, 401)} × 401, ${count(answers, 429)} × 429; another user's sign-in took ${Math.round(ms)} ms`)
    expect(count(answers, 401)).toBeLessThanOrEqual(PER_PAIR)
    expect(count(answers, 401) + count(answers, 429)).toBe(100)
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(a.body.error.code).toBe('RATE_LIMITED')
      expect(a.headers['retry-after']).toMatch(/^[1-9]\d*$/)
    }
    expect(theirs.status).toBe(200)
    // Five hashes are ahead of it at most, two at a time (a loaded 2-core machine: ~0.3 s each).
    expect(ms).toBeLessThan(5_000)

    // The account's owner is not locked out from anywhere else; this address stays refused.
    expect((await signIn(app, victim.email, TEST_PASSWORD, '127.0.0.2')).status).toBe(200)
    expect((await signIn(app, victim.email, TEST_PASSWORD, '127.0.0.1')).status).toBe(429)
  })

  it('one address guessing many accounts is stopped after its own budget; other addresses are not', async () => {
    const users = await Promise.all(Array.from({ length: PER_ADDRESS + 1 }, () => makeUser(db)))
    const answers: Answer[] = []
    for (const u of users.slice(0, PER_ADDRESS)) answers.push(await signIn(app, u.email, 'wrong password!', '127.0.0.3'))
    expect(count(answers, 401)).toBe(PER_ADDRESS)
    expect((await signIn(app, users[PER_ADDRESS].email, TEST_PASSWORD, '127.0.0.3')).status).toBe(429)
    expect((await signIn(app, users[PER_ADDRESS].email, TEST_PASSWORD, '127.0.0.4')).status).toBe(200)
    // Each of those accounts still signs in from its owner's address.
    expect((await signIn(app, users[0].email, TEST_PASSWORD, '127.0.0.4')).status).toBe(200)
  })

  it('successful sign-ins do not use up an address', async () => {
    const user = await makeUser(db)
    for (let i = 0; i < PER_ADDRESS + 3; i++) expect((await signIn(app, user.email, TEST_PASSWORD, '127.0.0.5')).status).toBe(200)
  })

  it('a wrong password after a right one starts the count again', async () => {
    const user = await makeUser(db)
    for (let i = 0; i < PER_PAIR - 1; i++) expect((await signIn(app, user.email, 'wrong password!', '127.0.0.6')).status).toBe(401)
    expect((await signIn(app, user.email, TEST_PASSWORD, '127.0.0.6')).status).toBe(200)
    for (let i = 0; i < PER_PAIR; i++) expect((await signIn(app, user.email, 'wrong password!', '127.0.0.6')).status).toBe(401)
    expect((await signIn(app, user.email, TEST_PASSWORD, '127.0.0.6')).status).toBe(429)
  })
})
