// The documents' runnable examples, run as written against a fresh demo server: the README's API
// block and the one in docs/api.md. What a newcomer copies must keep working.
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { seedDemo } from '@/lib/seed/demo'
import { startApp, tempSqliteUrl, type RunningApp } from '../support/app'
import { bashBlocks } from '../support/docs'

/** A fresh demo database and the built app on it; `key` is the key the demo printed. */
function demoServer() {
  const db = tempSqliteUrl()
  const s = { app: undefined as RunningApp | undefined, key: '' }
  beforeAll(async () => {
    const target = resolveDatabaseUrl(db.url)
    await migrate(target)
    const conn = await createDb(target)
    s.key = (await seedDemo(conn)).apiKey.key
    await conn.close()
    s.app = await startApp({ databaseUrl: db.url })
  })
  afterAll(async () => {
    await s.app?.stop()
    db.cleanup()
  })
  return s
}

function runBash(script: string, s: { app?: RunningApp; key: string }) {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-euo', 'pipefail', '-c', script], {
    env: { ...process.env, KEY: s.key, BASE: s.app!.baseUrl },
    encoding: 'utf8',
  })
  expect(r.stderr).toBe('')
  expect(r.status).toBe(0)
  // curl prints each JSON document without a newline; the last is what the last command answered.
  return JSON.parse(r.stdout.trim().split(/(?<=\})(?=\{)/).at(-1)!)
}

describe('README', () => {
  const s = demoServer()

  it('runs the API examples as written, with the key the demo printed', () => {
    const last = runBash(bashBlocks('README.md', '## The API in five commands')[0], s)
    expect(last.status).toBe('ACKNOWLEDGED')
    expect(last.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'acknowledged'])
    expect(last.timeline[1].actor).toMatchObject({ type: 'apiKey', name: 'Demo key' })
  })
})

describe('docs/api.md', () => {
  const s = demoServer()

  it('runs the "Calling it" examples as written: every call succeeds and the last snooze lasts 60 minutes', async () => {
    const blocks = bashBlocks('docs/api.md', '## Calling it')
    expect(blocks).toHaveLength(2) // the first only sets KEY and BASE, which the test provides
    const started = Date.now()
    const last = runBash(blocks[1], s)
    expect(last.status).toBe('SNOOZED')
    const minutes = (new Date(last.snoozedUntil).getTime() - started) / 60_000
    expect(minutes).toBeGreaterThan(59)
    expect(minutes).toBeLessThan(61)
    const r = await fetch(`${s.app!.baseUrl}/api/incidents/${last.id}`, { headers: { authorization: `Bearer ${s.key}` } })
    const timeline = (await r.json()).timeline.map((e: { type: string }) => e.type)
    expect(timeline).toEqual(['created', 'acknowledged', 'snoozed', 'resolved', 'reopened', 'snoozed'])
  })
})
