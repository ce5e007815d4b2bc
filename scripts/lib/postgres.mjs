// A throwaway PostgreSQL server on 127.0.0.1 for tests, benchmarks and migration checks.
// Uses the distribution's server binaries; postgres refuses to run as root, so as root every
// command runs as the `postgres` OS user on a data directory that user owns.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs'
import { freePort } from './net.mjs'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'

function binDir() {
  const base = '/usr/lib/postgresql'
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin/pg_ctl')))
    versions.sort((a, b) => Number(b) - Number(a))
    if (versions.length) return path.join(base, versions[0], 'bin')
  }
  try {
    return path.dirname(execFileSync('which', ['pg_ctl'], { encoding: 'utf8' }).trim())
  } catch {
    return null
  }
}

export function postgresAvailable() {
  return binDir() !== null
}

/** Starts a server; returns { url, stop }. `url` points at the `postgres` database. */
export async function startPostgres({ port } = {}) {
  const bin = binDir()
  if (!bin) throw new Error('PostgreSQL server binaries not found (Debian: apt-get install postgresql)')
  port ??= await freePort()
  const dir = mkdtempSync(path.join(tmpdir(), 'incident-console-pg-'))
  const asRoot = userInfo().uid === 0
  if (asRoot) {
    const pgUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const pgGid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, pgUid, pgGid)
  }
  const run = (tool, args) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args]
    execFileSync(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] })
  }
  const data = path.join(dir, 'data')
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8'])
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`
  const start = () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', opts, 'start'])
  start()
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`
  const halt = () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
  let stopped = false
  let running = true
  return {
    url,
    port,
    /** Kills the server as a crash would (data kept): for outage tests. */
    halt() {
      if (running) halt()
      running = false
    },
    /** Starts a halted server again on the same port and data. */
    resume() {
      if (!running && !stopped) start()
      running = true
    },
    stop() {
      if (stopped) return
      stopped = true
      try {
        if (running) halt()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
