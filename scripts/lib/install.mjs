// The first step of `npm run demo` and `npm test` on a fresh clone: install the locked
// dependencies when there are none yet. Only Node's own modules may be imported here and by
// whatever runs before this, since nothing else is installed at that point.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './schemas.mjs'

/** Runs `npm ci` when node_modules has never been installed; an existing install is left alone. */
export function ensureInstalled() {
  // npm writes this file when it finishes placing the packages: an interrupted install has none.
  if (existsSync(path.join(ROOT, 'node_modules/.package-lock.json'))) return
  console.error('No dependencies installed yet: running npm ci once (a few minutes)…')
  const t = Date.now()
  const npm = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath]]
    : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []]
  const r = spawnSync(npm[0], [...npm[1], 'ci', '--no-audit', '--no-fund'], { cwd: ROOT, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error('npm ci failed; see its output above.')
    process.exit(r.status ?? 1)
  }
  console.error(`Dependencies installed (${Math.round((Date.now() - t) / 1000)} s).`)
}
