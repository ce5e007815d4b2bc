// Lighthouse (12.x) on a page of the built app (the incidents page unless --path names another),
// signed in, on the database DATABASE_URL names, in the Chromium the end-to-end tests use
// (scripts/lib/chromium.mjs). Prints the performance and accessibility scores and the JavaScript
// the page loads, for each of --runs runs against one app start. A script that prints figures,
// never a test.
//   NEXT_DIST_DIR=.next-bench DATABASE_URL=… LIGHTHOUSE_EMAIL=… LIGHTHOUSE_PASSWORD=… npm run bench:lighthouse [-- --path /insights --runs 5]
// The account must exist (`npm run -s ops -- users create … --password-stdin`). The floors a page
// is held against: `--path /forbidden` is the signed-in frame around a static message, and
// `--path /login --signed-out` the framework with one small form and no frame.
import { execFile } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs, promisify } from 'node:util'
import { describeChromium, resolveChromium } from '../scripts/lib/chromium.mjs'
import { ROOT, startApp } from '../tests/support/app'

const LIGHTHOUSE_VERSION = '12.8.2'

const { values: opt } = parseArgs({ options: { path: { type: 'string', default: '/' }, runs: { type: 'string', default: '1' }, 'signed-out': { type: 'boolean', default: false } } })
const email = process.env.LIGHTHOUSE_EMAIL
const password = process.env.LIGHTHOUSE_PASSWORD
if (!opt['signed-out'] && (!email || !password)) throw new Error('set LIGHTHOUSE_EMAIL and LIGHTHOUSE_PASSWORD to an account of the database, or pass --signed-out')
const RUNS = Number(opt.runs)
if (!opt.path.startsWith('/') || !Number.isInteger(RUNS) || RUNS < 1) throw new Error('--path is a path starting with /, --runs a whole number ≥ 1')

// CHROME_PATH, Lighthouse's own name for it, picks the machine's browser as CHROMIUM_PATH does.
if (process.env.CHROME_PATH) process.env.CHROMIUM_PATH ??= process.env.CHROME_PATH
const browser = await resolveChromium()
console.log(describeChromium(browser))
const app = await startApp({ databaseUrl: process.env.DATABASE_URL ?? '', timeout: 120_000, env: { RATE_LIMIT_READS_PER_MINUTE: '0' } })
try {
  const cookie = opt['signed-out'] ? null : await signIn()
  // One unmeasured visit, so Next's first-request work on the server is not in the figures.
  await fetch(`${app.baseUrl}${opt.path}`, { headers: cookie ? { cookie } : {} })
  const scores: number[] = []
  for (let run = 1; run <= RUNS; run++) scores.push(await measureScored(cookie, run))
  console.log(`performance over ${RUNS} runs: ${scores.join(', ')}`)
} finally {
  await app.stop()
}

async function signIn(): Promise<string> {
  const login = await fetch(`${app.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`)
  return login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
}

/**
 * A run, measured again when Lighthouse could not record the page load's trace (NO_NAVSTART: no
 * score at all, a fault of the tracing, not of the page); any other failure ends the script.
 */
async function measureScored(cookie: string | null, run: number): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await measure(cookie, run)
    } catch (e) {
      if (attempt >= 3 || !String((e as { stderr?: string }).stderr).includes('NO_NAVSTART')) throw e
      console.log(`run ${run} of ${RUNS}: no score (Lighthouse could not record the trace, NO_NAVSTART); measured again`)
    }
  }
}

async function measure(cookie: string | null, run: number): Promise<number> {
  const dir = path.join(ROOT, 'bench/results')
  mkdirSync(dir, { recursive: true })
  const report = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-lighthouse.json`)
  // Fetched on demand rather than a devDependency: one of its dependencies asks for a moving
  // `latest`, which breaks `npm ci` for everyone whenever it moves.
  await promisify(execFile)(
    'npx',
    [
      '--yes',
      `lighthouse@${LIGHTHOUSE_VERSION}`,
      `${app.baseUrl}${opt.path}`,
      '--only-categories=performance,accessibility',
      '--output=json',
      `--output-path=${report}`,
      `--chrome-flags=--headless=new ${browser.args.join(' ')}`,
      ...(cookie ? [`--extra-headers=${JSON.stringify({ Cookie: cookie })}`] : []),
      '--quiet',
    ],
    { env: { ...process.env, ...browser.env, CHROME_PATH: browser.executablePath }, maxBuffer: 64 << 20 },
  )
  const lhr = JSON.parse(readFileSync(report, 'utf8'))
  const score = (c: string) => Math.round(lhr.categories[c].score * 100)
  const audit = (id: string) => lhr.audits[id]
  const scripts = (audit('network-requests').details.items as { resourceType: string; transferSize: number; resourceSize: number }[]).filter(
    (r) => r.resourceType === 'Script',
  )
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`
  console.log(`run ${run} of ${RUNS}, final URL ${lhr.finalDisplayedUrl}`)
  console.log(`performance ${score('performance')}, accessibility ${score('accessibility')}`)
  for (const id of ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index', 'server-response-time']) {
    console.log(`  ${audit(id).title}: ${audit(id).displayValue ?? ''}`)
  }
  const failed = Object.values(lhr.categories.accessibility.auditRefs as { id: string }[])
    .map((r) => lhr.audits[r.id])
    .filter((a) => a.score !== null && a.score < 1)
  if (failed.length) console.log(`accessibility audits not passed: ${failed.map((a) => a.id).join(', ')}`)
  console.log(
    `JavaScript loaded by the page: ${scripts.length} files, ${kib(scripts.reduce((s, r) => s + r.transferSize, 0))} transferred, ${kib(scripts.reduce((s, r) => s + r.resourceSize, 0))} uncompressed`,
  )
  console.log(`report: ${path.relative(ROOT, report)}`)
  return score('performance')
}
