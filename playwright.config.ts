// End-to-end tests in Chromium (the machine's, else npm's: scripts/lib/chromium.mjs) against the
// built app with its own fresh, seeded database (e2e/serve.mjs). The port is chosen once here and
// handed to the workers through the environment.
import { execFileSync } from 'node:child_process'
import { defineConfig, devices } from '@playwright/test'
import { resolveChromium } from './scripts/lib/chromium.mjs'

function freePort(): string {
  // Synchronous: the config must be ready before anything starts.
  return execFileSync(process.execPath, ['-e', "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"]).toString()
}

process.env.E2E_PORT ??= freePort()
// The key the server signs email acknowledge links with, so the tests can make links of their own.
process.env.E2E_ACK_LINK_SECRET ??= 'e2e-ack-link-secret-0123456789abcdef'
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`

const json = process.env.PLAYWRIGHT_JSON_OUTPUT_FILE
const browser = await resolveChromium()

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: json ? [['list'], ['json', { outputFile: json }]] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: browser.executablePath,
      args: browser.args,
      env: { ...process.env, ...browser.env },
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: 'node e2e/serve.mjs',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
})
