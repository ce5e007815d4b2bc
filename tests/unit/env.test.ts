// lib/env.ts: every setting's default, and a value it cannot use refused with the variable named.
import { afterEach, describe, expect, it, vi } from 'vitest'

const saved = { ...process.env }

async function freshEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  vi.resetModules()
  return (await import('@/lib/env')).env
}

afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
  Object.assign(process.env, saved)
})

describe('env()', () => {
  it('gives the documented defaults when nothing is set, and treats blank as unset', async () => {
    const env = await freshEnv({ LOG_LEVEL: undefined, RATE_LIMIT_READS_PER_MINUTE: '', APP_ORIGIN: undefined, COOKIE_SECURE: undefined })
    expect(env()).toMatchObject({
      LOG_LEVEL: 'info',
      RATE_LIMIT_READS_PER_MINUTE: 600,
      RATE_LIMIT_WRITES_PER_MINUTE: 120,
      READ_CACHE_ENTRIES: 200,
      SQLITE_MMAP_MB: 2048,
      APP_ORIGIN: [],
      COOKIE_SECURE: false,
    })
  })

  it('reads what is set', async () => {
    const env = await freshEnv({ TRUST_PROXY: '2', APP_ORIGIN: 'https://a.example/, https://b.example', COOKIE_SECURE: '1', LOG_LEVEL: 'warn' })
    expect(env()).toMatchObject({ TRUST_PROXY: 2, APP_ORIGIN: ['https://a.example', 'https://b.example'], COOKIE_SECURE: true, LOG_LEVEL: 'warn' })
  })

  it.each([
    ['RATE_LIMIT_WRITES_PER_MINUTE', '1.5'],
    ['SWEEP_INTERVAL_MS', 'soon'],
    ['DATABASE_POOL_SIZE', '0'],
    ['LOG_LEVEL', 'loud'],
    ['TRUST_PROXY', '-1'],
    ['APP_ORIGIN', 'https://incidents.example.com/dashboard'],
    ['APP_ORIGIN', 'incidents.example.com'],
    ['STREAM_RECHECK_MS', '10'],
    ['SMTP_URL', 'http://mail.example.com'],
    ['ACK_LINK_SECRET', 'too short'],
    // Shorter than an attempt's wait for its endpoint plus the attempt itself: a live instance
    // would lose the leases it is using.
    ['NOTIFY_LEASE_MS', '29999'],
  ])('refuses %s=%s, naming it', async (name, value) => {
    const env = await freshEnv({ [name]: value })
    expect(() => env()).toThrow(new RegExp(`invalid environment: ${name}:`))
  })

  it('turns email on only with SMTP_URL, and then requires MAIL_FROM and ACK_LINK_SECRET', async () => {
    const off = await freshEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, ACK_LINK_SECRET: undefined })
    const { mailSettings } = await import('@/lib/env')
    expect(off().SMTP_URL).toBeUndefined()
    expect(mailSettings()).toBeNull()
    const missing = await freshEnv({ SMTP_URL: 'smtp://mail.example.com:587', APP_URL: undefined, APP_ORIGIN: undefined })
    expect(() => missing()).toThrow(/MAIL_FROM: required when SMTP_URL is set; ACK_LINK_SECRET: required when SMTP_URL is set; APP_URL: required/)
    await freshEnv({ SMTP_URL: 'smtps://u:p@mail.example.com', MAIL_FROM: 'Incidents <i@example.com>', ACK_LINK_SECRET: 'k'.repeat(32), APP_URL: 'https://i.example.com' })
    expect((await import('@/lib/env')).mailSettings()).toEqual({ smtpUrl: 'smtps://u:p@mail.example.com', from: 'Incidents <i@example.com>', ackLinkSecret: 'k'.repeat(32) })
  })
})
