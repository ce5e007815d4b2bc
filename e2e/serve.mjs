#!/usr/bin/env node
// Playwright's web server: a fresh SQLite database filled with the demo seed, then the BUILT app
// (`next start`) on 127.0.0.1 and the port the config chose. The build itself is done before
// Playwright runs (`npm test`, or `next build` by hand). The database is removed on exit.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { opsArgs } from '../scripts/lib/ops.mjs'

const root = path.resolve(import.meta.dirname, '..')
const dir = mkdtempSync(path.join(tmpdir(), 'incident-console-e2e-'))
// Webhooks may reach loopback: the webhook tests run their receiver on 127.0.0.1.
const env = { ...process.env, DATABASE_URL: `file:${path.join(dir, 'e2e.db')}`, NEXT_TELEMETRY_DISABLED: '1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', WEBHOOK_ALLOW_PRIVATE: '1' }
const cleanup = () => rmSync(dir, { recursive: true, force: true })

const seed = spawnSync(process.execPath, opsArgs('seed', '--demo', '--json'), {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
})
if (seed.status !== 0) {
  cleanup()
  console.error('e2e: the demo seed failed')
  process.exit(1)
}

const port = process.env.E2E_PORT
if (!port) throw new Error('E2E_PORT is not set (playwright.config.ts sets it)')
const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', port], {
  cwd: root,
  // A production server refuses to start without its public origin: the one Playwright browses.
  env: { ...env, NODE_ENV: 'production', PORT: port, APP_ORIGIN: `http://127.0.0.1:${port}`, ACK_LINK_SECRET: process.env.E2E_ACK_LINK_SECRET },
  stdio: 'inherit',
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => {
  cleanup()
  process.exit(code ?? (signal ? 0 : 1))
})
