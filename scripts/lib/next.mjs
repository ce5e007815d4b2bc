// Building (when needed) and starting the production server, shared by `npm start` and `npm run demo`.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './schemas.mjs'

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
const distDir = process.env.NEXT_DIST_DIR || '.next'

export function ensureBuilt() {
  if (existsSync(path.join(ROOT, distDir, 'BUILD_ID'))) return
  console.error('No production build yet: building once (about a minute)…')
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], { cwd: ROOT, stdio: 'inherit', env })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

/**
 * APP_ORIGIN for a server that only this machine can reach: the names it is reached by are known.
 * Any other address needs APP_ORIGIN set by whoever knows the public name (the server refuses
 * to start without it).
 */
export function loopbackOrigin(host, port) {
  return LOOPBACK.has(host) ? `http://localhost:${port},http://127.0.0.1:${port},http://[::1]:${port}` : undefined
}

/** Starts `next start` in the foreground; migrations run inside it before it serves (instrumentation.ts). */
export function startServer() {
  const port = process.env.PORT || '3000'
  const host = process.env.HOST || '127.0.0.1'
  const origin = process.env.APP_ORIGIN || loopbackOrigin(host, port)
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-H', host, '-p', port], {
    cwd: ROOT,
    stdio: 'inherit',
    env: origin ? { ...env, APP_ORIGIN: origin } : env,
  })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)))
}
