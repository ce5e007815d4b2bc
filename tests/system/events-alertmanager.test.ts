// A real Prometheus Alertmanager pages into the console through both of its receivers that can
// reach it: webhook_configs (Bearer) and pagerduty_configs (url pointed here, routing_key).
// Alerts are posted to Alertmanager's own API; the incidents appear, fold when the group
// changes, and resolve when the alerts resolve. Without the binary the test is skipped, loudly,
// except on CI (CI=true), where a missing binary is a failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiKey } from '@/lib/auth/apiKeys'
import type { Db } from '@/lib/db/client'
import { freePort, startApp, tempDatabaseUrl, type RunningApp } from '../support/app'
import { client, makeKey, makeService, testDb, unique } from '../support/fixtures'
import { alertmanagerPagerDutyReceiver, alertmanagerWebhookReceiver, integrationSnippets, integrationUrls } from '@/lib/events/rules/snippets'

// ALERTMANAGER_BIN: another binary (or a name that does not exist, to check the skip).
const BINARY = process.env.ALERTMANAGER_BIN ?? 'prometheus-alertmanager'
const found = spawnSync(BINARY, ['--version']).status === 0
// amtool comes in the same package; it checks a configuration the way Alertmanager loads it.
const AMTOOL = process.env.AMTOOL_BIN ?? 'amtool'
if (!found && process.env.CI !== 'true') {
  console.warn(`\n*** SKIPPED: ${BINARY} is not installed (apt-get install prometheus-alertmanager); the real-Alertmanager test did not run ***\n`)
}

describe('a real Alertmanager pages into the console', () => {
  if (!found) {
    it.runIf(process.env.CI === 'true')(`${BINARY} is installed (required on CI)`, () => {
      expect.fail(`${BINARY} is not installed; .ci/run installs it`)
    })
    it.skipIf(process.env.CI === 'true')(`SKIPPED: ${BINARY} is not installed`, () => {})
    return
  }

  let app: RunningApp
  let db: Db
  let cleanup: () => unknown
  let am: ChildProcess
  let amUrl: string
  let dir: string
  let read: ReturnType<typeof client>
  let webhookService: string
  let pagerDutyService: string
  let curlService: string
  let curlKey: string

  beforeAll(async () => {
    let databaseUrl: string
    ;({ url: databaseUrl, cleanup } = await tempDatabaseUrl('sqlite'))
    app = await startApp({ databaseUrl, env: { RATE_LIMIT_READS_PER_MINUTE: '0', RATE_LIMIT_WRITES_PER_MINUTE: '0' } })
    db = await testDb(databaseUrl)
    webhookService = (await makeService(db)).id
    pagerDutyService = (await makeService(db)).id
    const keyFor = async (serviceId: string) => (await createApiKey(db, { name: unique('alertmanager'), scopes: ['events:write'], serviceId })).key
    const [webhookKey, pagerDutyKey] = [await keyFor(webhookService), await keyFor(pagerDutyService)]
    curlService = (await makeService(db)).id
    curlKey = await keyFor(curlService)
    read = client(app.baseUrl, (await makeKey(db, ['incidents:read'])).key)

    dir = mkdtempSync(path.join(tmpdir(), 'alertmanager-'))
    // The receivers are the dashboard's own snippets, so a snippet that stops working fails here.
    const urls = integrationUrls(app.baseUrl)
    const config = `
route:
  receiver: webhook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
  routes:
    - matchers: ['via="pagerduty"']
      receiver: pagerduty
receivers:
${alertmanagerWebhookReceiver('webhook', urls, webhookKey)}
${alertmanagerPagerDutyReceiver('pagerduty', urls, pagerDutyKey)}
`
    writeFileSync(path.join(dir, 'alertmanager.yml'), config)
    const port = await freePort()
    amUrl = `http://127.0.0.1:${port}`
    am = spawn(
      BINARY,
      [`--config.file=${path.join(dir, 'alertmanager.yml')}`, `--storage.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address='],
      { stdio: 'ignore' },
    )
    await waitFor(async () => (await fetch(`${amUrl}/-/ready`).catch(() => null))?.ok === true, 'Alertmanager ready')
  }, 60_000)

  afterAll(async () => {
    am?.kill('SIGTERM')
    await app?.stop()
    await db?.close()
    await cleanup?.()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  async function waitFor(check: () => Promise<boolean>, what: string, ms = 30_000) {
    const until = Date.now() + ms
    while (Date.now() < until) {
      if (await check()) return
      await new Promise((r) => setTimeout(r, 250))
    }
    throw new Error(`timed out waiting for ${what}`)
  }

  const post = async (alerts: Array<{ labels: Record<string, string>; annotations?: Record<string, string>; endsAt?: string }>) => {
    const r = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alerts) })
    expect(r.status).toBe(200)
  }

  const incidentsOf = async (serviceId: string) => (await read('GET', `/api/incidents?serviceId=${serviceId}`)).body.incidents as Array<Record<string, unknown>>

  for (const via of ['webhook', 'pagerduty'] as const) {
    it(`through its ${via} receiver: opens, folds on a changed group, resolves`, async () => {
      const serviceId = via === 'webhook' ? webhookService : pagerDutyService
      const alertname = unique('DiskFull').replace(/\W/g, '_')
      const labels = (instance: string) => ({ alertname, instance, severity: 'critical', via })
      await post([{ labels: labels('a'), annotations: { summary: `Disk full (${via})` } }])
      await waitFor(async () => (await incidentsOf(serviceId)).length === 1, 'the incident')
      const [opened] = await incidentsOf(serviceId)
      expect(opened).toMatchObject({ status: 'OPEN', urgency: 'HIGH', alertCount: 1, source: via === 'webhook' ? 'alertmanager' : 'events' })

      // A second alert joins the group: Alertmanager notifies again, which folds.
      await post([{ labels: labels('b'), annotations: { summary: `Disk full (${via})` } }])
      await waitFor(async () => (await incidentsOf(serviceId))[0].alertCount === 2, 'the fold')
      expect(await incidentsOf(serviceId)).toHaveLength(1)

      const past = new Date(Date.now() - 1000).toISOString()
      await post([
        { labels: labels('a'), endsAt: past },
        { labels: labels('b'), endsAt: past },
      ])
      await waitFor(async () => (await incidentsOf(serviceId))[0].status === 'RESOLVED', 'the resolution')
      const alerts = (await read('GET', `/api/incidents/${opened.id}/alerts`)).body.alerts as Array<{ action: string }>
      expect(alerts.map((a) => a.action)).toEqual(['resolve', 'trigger', 'trigger'])
    }, 60_000)
  }

  it("the dashboard's Alertmanager snippets are configurations amtool accepts", () => {
    const snippets = integrationSnippets(app.baseUrl, 'Prod "east" #1', curlKey)
    for (const [which, text] of [
      ['webhook', snippets.alertmanagerWebhook],
      ['pagerduty', snippets.alertmanagerPagerDuty],
    ]) {
      const file = path.join(dir, `snippet-${which}.yml`)
      writeFileSync(file, text)
      const check = spawnSync(AMTOOL, ['check-config', file], { encoding: 'utf8' })
      expect(check.status, `${which}: ${check.stdout}${check.stderr}`).toBe(0)
      expect(check.stdout).toContain('1 receivers')
    }
  })

  it("the dashboard's curl line opens an incident", async () => {
    const { curl } = integrationSnippets(app.baseUrl, 'curl', curlKey)
    const run = spawnSync('sh', ['-c', curl], { encoding: 'utf8' })
    expect(run.status, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'success', dedup_key: 'curl-test' })
    expect(await incidentsOf(curlService)).toMatchObject([{ title: 'Test alert from curl', source: 'generic', urgency: 'LOW', dedupKey: 'curl-test' }])
  })
})
