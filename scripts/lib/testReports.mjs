// Reads the JSON reports of vitest and Playwright for `npm test`'s totals, and names each failed
// test with its error on one line: CI keeps the last lines of the log, and those must say
// what broke, not only which step.
import path from 'node:path'

const MAX = 300

/** An error's message on one line: its first lines up to the stack, the middle cut when long (the end says expected and received). */
function oneLine(text) {
  const lines = String(text ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
  const stack = lines.findIndex((l) => l.startsWith('at '))
  const line = (stack < 0 ? lines : lines.slice(0, stack)).filter(Boolean).slice(0, 4).join(' ')
  return line.length <= MAX ? line : `${line.slice(0, MAX / 2 - 10)} … ${line.slice(-(MAX / 2 - 10))}`
}

/** `{ passed, failed, failures }` of a vitest JSON report; `failures` are "step › file › test: error". */
export function vitestReport(report, step, root) {
  const failures = []
  for (const file of report.testResults) {
    const failed = file.assertionResults.filter((t) => t.status === 'failed')
    for (const t of failed) failures.push(`${step} › ${path.relative(root, file.name)} › ${t.fullName}: ${oneLine(t.failureMessages[0])}`)
    // A file that failed before its tests ran: an import error, a hook that threw.
    if (file.status === 'failed' && !failed.length) failures.push(`${step} › ${path.relative(root, file.name)}: ${oneLine(file.message)}`)
  }
  return { passed: report.numPassedTests, failed: report.numFailedTests, failures }
}

/** `{ passed, failed, failures }` of a Playwright JSON report (suites nest: a file, its describes). */
export function playwrightReport(report, step) {
  const failures = []
  const walk = (suites) => {
    for (const suite of suites ?? []) {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          if (test.status !== 'unexpected') continue
          const last = test.results?.at(-1)
          failures.push(`${step} › ${spec.file}:${spec.line} › ${spec.title}: ${oneLine(last?.error?.message ?? last?.errors?.[0]?.message)}`)
        }
      }
      walk(suite.suites)
    }
  }
  walk(report.suites)
  const s = report.stats
  return { passed: s.expected + s.flaky, failed: s.unexpected, failures }
}
