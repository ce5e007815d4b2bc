// Alerts in, seen from the dashboard: an admin creates an integration on a service's page and
// pastes what it shows; alerts sent with it fold into one incident, whose row shows the count and
// source and whose page shows the alerts with links back to the sender. Axe checks both pages in
// light and dark, and at phone width.
import { expect, test, type Page } from '@playwright/test'
import { axeScan, baseURL, firstServiceId, forEachScheme, hydrated, row, sessionClient, signIn, unique } from './helpers'

const post = (url: string, key: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })

/** An integration made through the keys API, as the service page makes it. */
async function integrationKey(serviceId: string): Promise<string> {
  const admin = await sessionClient('admin')
  const r = await admin.post('/api/keys', { data: { name: unique('e2e integration'), scopes: ['events:write'], serviceId } })
  expect(r.status()).toBe(201)
  const { key } = (await r.json()) as { key: string }
  await admin.dispose()
  return key
}

/** An Alertmanager notification of one group, as Grafana sends it (orgId, dashboard links). */
function grafanaGroup(groupKey: string, summary: string, instances: string[]) {
  return {
    version: '1',
    orgId: 1,
    status: 'firing',
    receiver: 'console',
    groupKey,
    groupLabels: { alertname: 'DiskFull' },
    commonLabels: { alertname: 'DiskFull', severity: 'critical', team: 'storage' },
    commonAnnotations: { summary, description: 'The root volume is above 95 %.' },
    externalURL: 'https://grafana.example.com/',
    alerts: instances.map((instance) => ({
      status: 'firing',
      labels: { alertname: 'DiskFull', severity: 'critical', team: 'storage', instance },
      annotations: { summary, value: '97 %' },
      startsAt: new Date().toISOString(),
      generatorURL: `https://grafana.example.com/alerting/grafana/disk/view?instance=${instance}`,
      dashboardURL: 'https://grafana.example.com/d/disk',
      panelURL: 'javascript:alert(1)',
    })),
  }
}

/** Three notifications of one group: one incident with alertCount 3. */
async function foldedIncident(summary: string): Promise<string> {
  const key = await integrationKey(await firstServiceId())
  const groupKey = unique('{}:{alertname="DiskFull"}')
  let incidentId = ''
  for (const instances of [['db-1'], ['db-1', 'db-2'], ['db-1', 'db-2', 'db-3']]) {
    const r = await post(`${baseURL()}/api/events/alertmanager`, key, grafanaGroup(groupKey, summary, instances))
    expect(r.status).toBe(202)
    incidentId = ((await r.json()) as { incidentId: string }).incidentId
  }
  return incidentId
}

test('an admin creates an integration on a service page, uses what it shows, and revokes it', async ({ page }) => {
  const name = unique('Alertmanager prod')
  await signIn(page, 'admin', '/admin/services')
  const service = page.locator('tr[data-service-id]').first()
  const serviceId = await service.getAttribute('data-service-id')
  await service.getByRole('link').click()
  await page.waitForURL(`**/admin/services/${serviceId}`)
  await hydrated(page)
  await page.getByLabel('Name').fill(name)
  await page.getByRole('button', { name: 'Create integration' }).click()

  const shown = page.getByTestId('new-integration')
  const key = await shown.getByLabel('Integration key').inputValue()
  expect(key).toMatch(/^ick_/)
  // The app's own address, and the key, in every snippet.
  await expect(shown.getByLabel('Alertmanager and Grafana webhook URL')).toHaveValue(`${baseURL()}/api/events/alertmanager`)
  for (const label of ['Alertmanager: webhook receiver', 'Alertmanager: PagerDuty receiver', 'Grafana: webhook contact point', 'Test it with curl']) {
    await expect(shown.getByLabel(label, { exact: true })).toContainText(key)
  }
  await expect(shown.getByLabel('Alertmanager: webhook receiver', { exact: true })).toContainText('http_config:')
  await expect(shown.getByLabel('Alertmanager: PagerDuty receiver', { exact: true })).toContainText(`url: "${baseURL()}/api/events"`)

  // What the page shows works: the generic URL with the key opens an incident on this service.
  const generic = await shown.getByLabel('Generic JSON URL').inputValue()
  const sent = await post(generic, key, { summary: unique('From the integration page') })
  expect(sent.status).toBe(202)

  const listed = page.locator('tr', { hasText: name })
  await expect(listed).toContainText(key.slice(0, 16))
  await page.getByRole('button', { name: 'Done, I have stored the key' }).click()
  await page.reload()
  await expect(listed).toContainText('ago')
  await expect(page.locator('body')).not.toContainText(key)

  await listed.getByRole('button', { name: `Revoke ${name}` }).click()
  await page.getByRole('dialog', { name: 'Revoke this key?' }).getByRole('button', { name: 'Revoke key' }).click()
  await expect(listed).toHaveCount(0)
  expect((await post(generic, key, { summary: 'after revoke' })).status).toBe(401)
})

test('folded alerts: the row shows the count and source, the incident page the alerts with safe links', async ({ page }) => {
  const summary = unique('Disk full on db')
  const id = await foldedIncident(summary)
  await signIn(page, 'responder')
  await page.locator('[data-loaded="true"]').waitFor()
  const badge = row(page, id).locator('[data-alerts]')
  await expect(badge).toHaveAttribute('data-alerts', '3')
  await expect(badge).toContainText('×3')
  await expect(badge).toContainText('Grafana')

  await page.goto(`/incidents/${id}`)
  const alerts = page.getByTestId('alerts')
  await expect(alerts.locator('li[data-alert-action]')).toHaveCount(3)
  const newest = alerts.locator('li[data-alert-action]').first()
  await expect(newest).toContainText(summary)
  await expect(newest.getByRole('list', { name: 'Labels' }).first()).toContainText('team=storage')
  await newest.locator('summary').click()
  await expect(newest).toContainText('3 alerts in the group')
  await expect(newest.getByRole('link', { name: /^Source/ }).first()).toHaveAttribute('href', /^https:\/\/grafana\.example\.com\/alerting\/grafana\/disk\/view\?instance=db-1/)
  await expect(newest.getByRole('link', { name: /^Dashboard/ }).first()).toHaveAttribute('href', 'https://grafana.example.com/d/disk')
  // The sender's javascript: panel link never becomes a link.
  await expect(page.locator('a[href^="javascript:"]')).toHaveCount(0)
  await expect(page.locator('section[aria-labelledby="fields-h"]')).toContainText('Grafana')
})

test.describe('axe, light and dark', () => {
  test('a service page with a new integration shown', async ({ page }) => {
    test.slow()
    await signIn(page, 'admin', `/admin/services/${await firstServiceId()}`)
    await page.getByLabel('Name').fill(unique('Axe integration'))
    await page.getByRole('button', { name: 'Create integration' }).click()
    await expect(page.getByTestId('new-integration')).toBeVisible()
    await forEachScheme(page, async (scheme) => {
      await axeScan(page)
      await page.screenshot({ path: `test-results/shots/integration-${scheme}.png`, fullPage: true })
    })
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await forEachScheme(page, async (scheme) => {
      await axeScan(page)
      await page.screenshot({ path: `test-results/shots/integration-${scheme}-phone.png`, fullPage: true })
    })
  })

  test('an incident page with alerts', async ({ page }) => {
    test.slow()
    const id = await foldedIncident(unique('Axe alerts'))
    await signIn(page, 'admin', `/incidents/${id}`)
    await page.getByTestId('alerts').locator('summary').first().click()
    await forEachScheme(page, async (scheme) => {
      await axeScan(page)
      await page.screenshot({ path: `test-results/shots/alerts-${scheme}.png`, fullPage: true })
    })
  })

  test('an incident page with alerts and the list, at phone width', async ({ page }) => {
    test.slow()
    const id = await foldedIncident(unique('Axe alerts phone'))
    await page.setViewportSize({ width: 390, height: 844 })
    await signIn(page, 'admin', `/incidents/${id}`)
    await page.getByTestId('alerts').locator('summary').first().click()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await forEachScheme(page, async (scheme) => {
      await axeScan(page)
      await page.screenshot({ path: `test-results/shots/alerts-${scheme}-phone.png`, fullPage: true })
    })
    await page.goto('/')
    await page.locator('[data-loaded="true"]').waitFor()
    await expect(row(page, id).locator('[data-alerts]')).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await forEachScheme(page, async (scheme) => {
      await axeScan(page)
      await page.screenshot({ path: `test-results/shots/list-${scheme}-phone.png` })
    })
  })
})
