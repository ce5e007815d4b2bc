// Starts the built app (`next start`) as a child process on 127.0.0.1 with its own database, and
// stops it. Used by the API suites, the multi-instance and fault tests, and the benchmarks.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { freePort } from '../../scripts/lib/net.mjs'
import { ROOT } from '../../scripts/lib/schemas.mjs'

// Defined once, with the scripts that also need them.
export { ROOT, freePort }

/** A fresh, empty SQLite database URL in its own temporary folder. */
export function tempSqliteUrl(): { url: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'incident-console-db-'))
  return { url: `file:${path.join(dir, 'test.db')}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A fresh database on the PostgreSQL server TEST_POSTGRES_URL names. */
export async function tempPostgresUrl(): Promise<{ url: string; cleanup: () => Promise<void> }> {
  const admin = process.env.TEST_POSTGRES_URL
  if (!admin) throw new Error('TEST_POSTGRES_URL is not set (npm test starts a throwaway server and sets it)')
  const { default: pg } = await import('pg')
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const c = new pg.Client({ connectionString: admin })
  await c.connect()
  await c.query(`CREATE DATABASE "${name}"`)
  await c.end()
  const u = new URL(admin)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    cleanup: async () => {
      const c2 = new pg.Client({ connectionString: admin })
      await c2.connect()
      await c2.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await c2.end()
    },
  }
}

/** A fresh, empty database of either kind. */
export const tempDatabaseUrl = (provider: 'sqlite' | 'postgresql'): Promise<{ url: string; cleanup: () => unknown }> =>
  provider === 'postgresql' ? tempPostgresUrl() : Promise.resolve(tempSqliteUrl())

export interface RunningApp {
  baseUrl: string
  port: number
  child: ChildProcess
  output: () => string
  stop: () => Promise<void>
  /** SIGKILL: no graceful shutdown, as in a crash. */
  kill: () => Promise<void>
}

export interface StartOptions {
  databaseUrl: string
  env?: Record<string, string>
  port?: number
  /** How long to wait for /api/health (ms). */
  timeout?: number
}

export async function startApp(opts: StartOptions): Promise<RunningApp> {
  const port = opts.port ?? (await freePort())
  const nextBin = path.join(ROOT, 'node_modules/next/dist/bin/next')
  const child = spawn(process.execPath, [nextBin, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      // A production server refuses to start without its public origin.
      APP_ORIGIN: `http://127.0.0.1:${port}`,
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => (out += d))
  child.stderr!.on('data', (d) => (out += d))
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + (opts.timeout ?? 30_000)
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it was ready:\n${out}`)
    try {
      const r = await fetch(`${baseUrl}/api/health`)
      if (r.status === 200) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the app did not become healthy in time:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal)
    await exited
  }
  return { baseUrl, port, child, output: () => out, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') }
}
