#!/usr/bin/env node
// `npm run demo`: install and build if needed, fill an empty database with the demo (printing the
// sign-ins and a ready API key) or, on one filled before, print the sign-ins again; then start
// the server. Runs on a fresh clone, so everything imported here uses Node's own modules only.
import { spawnSync } from 'node:child_process'
import { ensureInstalled } from './lib/install.mjs'
import { ensureBuilt, startServer } from './lib/next.mjs'
import { opsArgs } from './lib/ops.mjs'
import { ROOT } from './lib/schemas.mjs'

ensureInstalled()
ensureBuilt()
const r = spawnSync(process.execPath, opsArgs('seed', '--demo', '--if-empty'), {
  cwd: ROOT,
  stdio: 'inherit',
})
if (r.status !== 0) process.exit(r.status ?? 1)
console.log('')
startServer()
