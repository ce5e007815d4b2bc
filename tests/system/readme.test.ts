// The README's API block, run as written against a fresh demo server: the examples a newcomer
// copies must keep working.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDb } from '@/lib/db/client'
import { resolveDatabaseUrl } from '@/lib/db/config'
import { migrate } from '@/lib/db/migrate'
import { seedDemo } from '@/lib/seed/demo'
import { ROOT, startApp, tempSqliteUrl, type RunningApp } from '../support/app'

function apiBlock(): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## The API in five commands'))
  const m = /```bash\n([\s\S]*?)```/.exec(section)
  if (!m) throw new Error('README has no bash block under "The API in five commands"')
  return m[1]
}

describe('README', () => {
  const db = tempSqliteUrl()
  let app: RunningApp
  let key: string

  beforeAll(async () => {
    const target = resolveDatabaseUrl(db.url)
    await migrate(target)
    const conn = await createDb(target)
    key = (await seedDemo(conn)).apiKey.key
    await conn.close()
    app = await startApp({ databaseUrl: db.url })
  })
  afterAll(async () => {
    await app?.stop()
    db.cleanup()
  })

  it('runs the API examples as written, with the key the demo printed', () => {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', apiBlock()], {
      env: { ...process.env, KEY: key, BASE: app.baseUrl },
      encoding: 'utf8',
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    // curl prints each JSON document without a newline; the last is the incident with its timeline.
    const last = JSON.parse(r.stdout.trim().split(/(?<=\})(?=\{)/).at(-1)!)
    expect(last.status).toBe('ACKNOWLEDGED')
    expect(last.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'acknowledged'])
    expect(last.timeline[1].actor).toMatchObject({ type: 'apiKey', name: 'Demo key' })
  })
})
