#!/usr/bin/env node
// `npm run demo`: build if needed, fill an empty database with the demo (printing the sign-ins
// and a ready API key), then start the server.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { ROOT } from './lib/schemas.mjs'
import { ensureBuilt, startServer } from './lib/next.mjs'

ensureBuilt()
const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/ops.ts', 'seed', '--demo', '--if-empty'], {
  cwd: ROOT,
  stdio: 'inherit',
})
if (r.status !== 0) process.exit(r.status ?? 1)
console.log('')
startServer()
