// `npm test` names each failed test in its last lines (scripts/lib/testReports.mjs), read from the
// JSON reports vitest and Playwright write. Each runner runs here on a tiny suite of its own with
// one test that fails, so the reports are the real runners' own.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { playwrightReport, vitestReport } from '../../scripts/lib/testReports.mjs'
import { ROOT } from '../support/app'

const dir = mkdtempSync(path.join(tmpdir(), 'test-reports-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs a runner that is expected to fail, and returns the JSON report it wrote. */
function report(bin: string, args: string[], file: string, env: Record<string, string> = {}) {
  try {
    execFileSync(path.join(ROOT, 'node_modules/.bin', bin), args, { cwd: dir, stdio: 'pipe', env: { ...process.env, ...env } })
  } catch {
    // One test fails on purpose.
  }
  return JSON.parse(readFileSync(file, 'utf8'))
}

it('names the failed vitest test, its file and its error on one line', () => {
  writeFileSync(
    path.join(dir, 'sample.test.mjs'),
    `import { describe, expect, it } from 'vitest'
describe('a group', () => {
  it('passes', () => expect(1).toBe(1))
  it('fails', () => expect(200, 'the status').toBe(401))
  it('fails with a long message', () => expect(200, JSON.stringify({ body: 'x'.repeat(1000) })).toBe(401))
})
`,
  )
  writeFileSync(path.join(dir, 'vitest.config.mjs'), 'export default {}\n')
  const file = path.join(dir, 'vitest.json')
  const r = vitestReport(report('vitest', ['run', '--root', dir, '--reporter=json', `--outputFile.json=${file}`], file), 'unit tests', dir)
  expect(r).toMatchObject({ passed: 1, failed: 2 })
  expect(r.failures[0]).toBe('unit tests › sample.test.mjs › a group fails: AssertionError: the status: expected 200 to be 401 // Object.is equality')
  // A long message keeps its start and its end, where the assertion says what it expected.
  expect(r.failures[1]).toMatch(/^unit tests › sample\.test\.mjs › a group fails with a long message: AssertionError: \{"body":"x+ … x+"\}: expected 200 to be 401 \/\/ Object\.is equality$/)
  expect(r.failures[1].length).toBeLessThan(400)
})

it('names the failed Playwright test, its file and line and its error on one line', () => {
  writeFileSync(
    path.join(dir, 'sample.spec.mjs'),
    `import { expect, test } from ${JSON.stringify(path.join(ROOT, 'node_modules/@playwright/test/index.mjs'))}
test('passes', () => expect(1).toBe(1))
test.describe('a group', () => {
  test('fails', () => expect(200, 'the status').toBe(401))
})
`,
  )
  writeFileSync(path.join(dir, 'playwright.config.mjs'), `export default { testDir: '.', testMatch: '*.spec.mjs', reporter: 'json' }\n`)
  const file = path.join(dir, 'e2e.json')
  const r = playwrightReport(report('playwright', ['test', '--config', 'playwright.config.mjs'], file, { PLAYWRIGHT_JSON_OUTPUT_FILE: file }), 'end-to-end tests')
  expect(r).toMatchObject({ passed: 1, failed: 1 })
  expect(r.failures).toHaveLength(1)
  expect(r.failures[0]).toMatch(/^end-to-end tests › sample\.spec\.mjs:4 › fails: Error: the status expect\(received\)\.toBe\(expected\) \/\/ Object\.is equality Expected: 401 Received: 200$/)
})
