// One app server for the whole API suite, on a fresh database of the kind TEST_DB names.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import { startApp, tempDatabaseUrl } from '../support/app'
import { mailEnv, startSmtp } from '../support/smtp'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    databaseUrl: string
    provider: 'sqlite' | 'postgresql'
    /** Everything the server wrote, stdout and stderr, as it writes it (its log lines). */
    serverLogPath: string
  }
}

export default async function setup(project: TestProject) {
  const provider = process.env.TEST_DB === 'postgresql' ? 'postgresql' : 'sqlite'
  const db = await tempDatabaseUrl(provider)
  const logDir = mkdtempSync(path.join(tmpdir(), 'incident-console-log-'))
  const serverLogPath = path.join(logDir, 'server.log')
  // Email is on, so changes store their emails with them (atomicity.test.ts); they go to a sink.
  const smtp = await startSmtp()
  const app = await startApp({
    databaseUrl: db.url,
    // Limits are tested by their own servers (tests/system); here they would only get in the way.
    env: { RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0', RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0', LOGIN_FAILURES_PER_ACCOUNT: '1000', LOGIN_FAILURES_PER_ADDRESS: '1000', SWEEP_INTERVAL_MS: '1000', ESCALATION_SWEEP_MS: '200', LOG_LEVEL: 'info', WEBHOOK_ALLOW_PRIVATE: '1', APP_URL: 'https://incidents.example.test', ...mailEnv(smtp) },
  })
  appendFileSync(serverLogPath, app.output())
  const capture = (d: Buffer) => appendFileSync(serverLogPath, d)
  app.child.stdout!.on('data', capture)
  app.child.stderr!.on('data', capture)
  project.provide('baseUrl', app.baseUrl)
  project.provide('databaseUrl', db.url)
  project.provide('provider', provider)
  project.provide('serverLogPath', serverLogPath)
  return async () => {
    await app.stop()
    await smtp.close()
    await db.cleanup()
    rmSync(logDir, { recursive: true, force: true })
  }
}
