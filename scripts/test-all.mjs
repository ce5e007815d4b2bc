#!/usr/bin/env node
// `npm test`: every test this project has, against real parts. Installs the dependencies on a
// fresh clone, then: type check and lint, schema drift (both providers), unit tests, a production
// build, the API suite over HTTP on SQLite and on PostgreSQL (a throwaway server started here)
// beside the system tests (several instances, crashes), and the Playwright suite in Chromium. Says which
// PostgreSQL and which Chromium ran, names each failed test with its error on one line, and ends
// with one line: "tests: N passed, N failed".
// The variables that steer it are listed in docs/testing.md.
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describeChromium, resolveChromium } from './lib/chromium.mjs'
import { ensureInstalled } from './lib/install.mjs'
import { ROOT } from './lib/schemas.mjs'
import { postgresAvailable, startPostgres } from './lib/postgres.mjs'
import { playwrightReport, vitestReport } from './lib/testReports.mjs'

ensureInstalled()
const out = mkdtempSync(path.join(tmpdir(), 'incident-console-test-'))
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
const totals = { passed: 0, failed: 0 }
const failures = []
const failedTests = []
const bin = (name) => path.join(ROOT, 'node_modules/.bin', name)

function step(name, cmd, args, extraEnv = {}) {
  const t = Date.now()
  console.log(`\n▶ ${name}`)
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...env, ...extraEnv } })
  const ok = r.status === 0
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`)
  if (!ok) failures.push(name)
  return ok
}

/** Adds a report's tests to the totals and its failed tests to the list printed last. */
function count({ passed, failed, failures }) {
  totals.passed += passed
  totals.failed += failed
  failedTests.push(...failures)
}

function countVitest(name, file) {
  if (existsSync(file)) count(vitestReport(JSON.parse(readFileSync(file, 'utf8')), name, ROOT))
}

/** Where a vitest run writes its JSON results, and its arguments. */
function vitestRun(name, project) {
  const file = path.join(out, `${name.replace(/\W+/g, '-')}.json`)
  return { file, args: ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`] }
}

/** Adds a finished run's tests to the totals; a run that failed before writing any counts as one failure. */
function countRun(name, ok, file) {
  countVitest(name, file)
  if (!ok && !existsSync(file)) totals.failed += 1
}

function vitest(name, project, extraEnv = {}) {
  const { file, args } = vitestRun(name, project)
  countRun(name, step(name, bin('vitest'), args, extraEnv), file)
}

/** One vitest run with its output kept apart, printed whole when it ends, so a failure reads as it would alone. */
function vitestQuietly({ name, project, extraEnv = {} }) {
  const { file, args } = vitestRun(name, project)
  const logFile = file.replace(/\.json$/, '.log')
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(bin('vitest'), args, { cwd: ROOT, env: { ...env, ...extraEnv, FORCE_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] })
    const log = createWriteStream(logFile)
    child.stdout.pipe(log)
    child.stderr.pipe(log)
    child.on('close', (code) => {
      log.end(() => {
        const ok = code === 0
        console.log(`\n▶ ${name}`)
        process.stdout.write(readFileSync(logFile))
        console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
        if (!ok) failures.push(name)
        countRun(name, ok, file)
        resolve()
      })
    })
  })
}

/**
 * Lanes of vitest runs side by side, each lane's runs one after another. Every run has servers of
 * its own, and one run alone leaves a core idle while it waits on its server and its server on it.
 */
async function vitestLanes(lanes) {
  const t = Date.now()
  console.log(`\n▶ side by side: ${lanes.map((lane) => lane.map((r) => r.name).join(', then ')).join(' | ')}`)
  await Promise.all(
    lanes.map(async (lane) => {
      for (const run of lane) await vitestQuietly(run)
    }),
  )
  console.log(`(side by side: ${((Date.now() - t) / 1000).toFixed(1)} s)`)
}

let pg
try {
  const typesChecked = step('type check', bin('tsc'), ['--noEmit'])
  step('lint', bin('eslint'), ['.', '--max-warnings=0'])

  if (process.env.TEST_POSTGRES_URL) pg = { url: process.env.TEST_POSTGRES_URL, server: 'the server TEST_POSTGRES_URL names', stop() {} }
  else if (process.env.SKIP_POSTGRES === '1') console.log('\n(PostgreSQL skipped: SKIP_POSTGRES=1)')
  else if (postgresAvailable()) pg = await startPostgres()
  else throw new Error('PostgreSQL server binaries not found: run npm ci (they come from npm), install them (Debian: apt-get install postgresql), or set SKIP_POSTGRES=1')
  if (pg) {
    env.TEST_POSTGRES_URL = pg.url
    console.log(`\nPostgreSQL: ${pg.server}`)
  }

  step('schema drift (sqlite)', process.execPath, ['scripts/prisma-offline.mjs', 'check', '--provider', 'sqlite'])
  if (pg) step('schema drift (postgresql)', process.execPath, ['scripts/prisma-offline.mjs', 'check', '--provider', 'postgresql', '--url', pg.url])

  vitest('unit tests', 'unit')
  if (step('build', bin('next'), ['build'], typesChecked ? { TYPES_CHECKED: '1' } : {})) {
    const api = [{ name: 'API tests on SQLite', project: 'api', extraEnv: { TEST_DB: 'sqlite' } }]
    if (pg) api.push({ name: 'API tests on PostgreSQL', project: 'api', extraEnv: { TEST_DB: 'postgresql' } })
    await vitestLanes([api, [{ name: 'system tests', project: 'system' }]])
    const e2e = path.join(ROOT, 'e2e')
    if (existsSync(e2e) && readdirSync(e2e).some((f) => f.endsWith('.spec.ts'))) {
      const file = path.join(out, 'e2e.json')
      // Resolved here first: npm's browser unpacks on first use, once, before any worker starts.
      console.log(`\nBrowser: ${describeChromium(await resolveChromium())}`)
      const name = 'end-to-end tests (Chromium)'
      step(name, bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_FILE: file })
      if (existsSync(file)) count(playwrightReport(JSON.parse(readFileSync(file, 'utf8')), name))
    }
  } else {
    totals.failed += 1
  }
} catch (e) {
  console.error(`\n${e.message}`)
  failures.push('setup')
} finally {
  pg?.stop()
}

if (failedTests.length) console.log(`\nFailed tests:\n${failedTests.map((t) => `- ${t}`).join('\n')}`)
if (failures.length) console.log(`\nFailed steps: ${failures.join(', ')}`)
if (failures.length && totals.failed === 0) totals.failed = failures.length
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed`)
process.exit(failures.length ? 1 : 0)
