// The admin webhooks page and the incident page's notifications, against a real receiver on
// 127.0.0.1 (e2e/serve.mjs runs the app with WEBHOOK_ALLOW_PRIVATE=1 for it), with axe scans and
// screenshots in both colour schemes at each step worth seeing. Each test subscribes a service of
// its own, so no other test's incidents reach its receiver.
import { expect, test } from '@playwright/test'
import { Webhook } from 'standardwebhooks'
import { startReceiver, type Receiver } from '../tests/support/receiver'
import { axeScan, createIncident, forEachScheme, hydrated, sessionClient, signIn, unique } from './helpers'

async function newService(): Promise<{ id: string; name: string }> {
  const admin = await sessionClient('admin')
  const r = await admin.post('/api/services', { data: { name: unique('Hooked') } })
  expect(r.status()).toBe(201)
  const service = (await r.json()) as { id: string; name: string }
  await admin.dispose()
  return service
}

// Long flows of many steps, each waiting on the worker and the receiver.
test.describe.configure({ timeout: 120_000 })

let receiver: Receiver
test.beforeAll(async () => {
  receiver = await startReceiver()
})
test.afterAll(() => receiver?.close())

test('an admin adds a webhook, tests it, reads its log, redelivers, edits, pauses and deletes it', async ({ page }, info) => {
  const service = await newService()
  const path = '/admin'
  const url = receiver.url(path)
  await signIn(page, 'admin', '/admin/webhooks')
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' })).toHaveAttribute('aria-current', 'page')

  await page.getByLabel('URL').fill(url)
  await page.getByLabel('Format').selectOption('standard')
  const events = page.getByRole('group', { name: 'Events' })
  await events.getByRole('radio', { name: 'Only these:' }).check()
  await events.getByRole('checkbox', { name: 'triggered' }).check()
  await events.getByRole('checkbox', { name: 'acknowledged', exact: true }).check()
  const services = page.getByRole('group', { name: 'Services' })
  await services.getByRole('radio', { name: 'Only these:' }).check()
  await services.getByRole('checkbox', { name: service.name }).check()
  await page.getByRole('button', { name: 'Add webhook' }).click()

  // The secret, once, with a copy button; it signs what the receiver gets.
  const secretField = page.getByLabel('Signing secret')
  await expect(secretField).toHaveValue(/^whsec_/)
  const secret = await secretField.inputValue()
  await page.getByRole('button', { name: 'Copy' }).click()
  await expect(page.getByText(/Copied to the clipboard|press Ctrl\+C/)).toBeVisible()
  await forEachScheme(page, () => axeScan(page))
  await page.getByRole('button', { name: 'Done, I have stored it' }).click()
  await expect(secretField).toHaveCount(0)

  const hook = page.locator('[data-webhook-id]', { hasText: url })
  await expect(hook).toContainText('Active')
  await expect(hook).toContainText('triggered, acknowledged')
  await expect(hook).toContainText(service.name)

  await hook.getByRole('button', { name: 'Send test' }).click()
  await expect(hook.getByRole('status')).toContainText('Test delivered: HTTP 200')
  const [tested] = await receiver.waitFor(path, 1)
  expect(new Webhook(secret).verify(tested!.body, tested!.headers)).toMatchObject({ type: 'webhook.test' })

  const incident = await createIncident(unique('Hooked incident'), { serviceId: service.id })
  const [, sent] = await receiver.waitFor(path, 2)
  expect(new Webhook(secret).verify(sent!.body, sent!.headers)).toMatchObject({ type: 'incident.triggered', data: { incident: { id: incident.id } } })

  await hook.getByRole('button', { name: 'Delivery log' }).click()
  const log = hook.getByRole('region', { name: 'Delivery log' })
  const message = log.locator('[data-delivery-id]').first()
  await expect(message).toContainText('incident.triggered')
  await expect(message).toContainText('Delivered')
  await expect(message.getByRole('row').nth(1)).toContainText('200')
  await expect(message.getByRole('row').nth(1)).toContainText('delivered')
  await forEachScheme(page, async (scheme) => {
    await axeScan(page)
    await page.screenshot({ path: info.outputPath(`admin-webhooks-${scheme}.png`), fullPage: true })
  })

  await message.getByRole('button', { name: /^Redeliver/ }).click()
  const [, , again] = await receiver.waitFor(path, 3)
  expect(again!.headers['webhook-id']).toBe(sent!.headers['webhook-id'])
  await expect(message.getByRole('row')).toHaveCount(3)

  await hook.getByRole('button', { name: 'Edit' }).click()
  const edit = hook.getByRole('form', { name: `Edit ${url}` })
  await edit.getByRole('group', { name: 'Events' }).getByRole('radio', { name: /^Every event/ }).check()
  await forEachScheme(page, () => axeScan(page))
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(hook).toContainText('Every event')
  await expect(hook.getByRole('button', { name: 'Edit' })).toBeFocused()

  await hook.getByRole('button', { name: 'Pause' }).click()
  await expect(hook).toContainText('Paused')
  await hook.getByRole('button', { name: 'Resume' }).click()
  await expect(hook).toContainText('Active')

  await hook.getByRole('button', { name: 'Delete' }).click()
  await page.getByRole('dialog', { name: 'Delete this webhook?' }).getByRole('button', { name: 'Delete webhook' }).click()
  await expect(hook).toHaveCount(0)
  await page.reload()
  await hydrated(page)
  await expect(page.locator('body')).not.toContainText(secret)
})

test('a subscription turned off after 3 days of failures says so, and why', async ({ page }, info) => {
  const service = await newService()
  const admin = await sessionClient('admin')
  const created = await admin.post('/api/webhooks', { data: { url: receiver.url('/off'), events: ['*'], serviceIds: [service.id] } })
  expect(created.status()).toBe(201)
  const hook = (await created.json()) as Record<string, unknown>
  // Not kept open across the page's seconds: a connection idle as long as the server's keep-alive
  // timeout (5 s) may be closed by the server just as the client reuses it (ECONNRESET in CI).
  await admin.dispose()
  // The 3-day clock cannot run in a browser test: the list the page reads is the worker's outcome.
  await page.route('**/api/webhooks', async (route) => {
    const real = (await (await route.fetch()).json()) as { webhooks: Record<string, unknown>[] }
    const failingSince = new Date(Date.now() - 3 * 86_400_000 - 60_000).toISOString()
    const webhooks = real.webhooks.map((h) => (h.id === hook.id ? { ...h, enabled: false, disabledReason: 'failing', failingSince } : h))
    await route.fulfill({ json: { webhooks } })
  })
  await signIn(page, 'admin', '/admin/webhooks')
  const row = page.locator(`[data-webhook-id="${String(hook.id)}"]`)
  await expect(row.getByTestId('disabled-reason')).toContainText('Disabled after 3 days of failures')
  await expect(row.getByRole('button', { name: 'Resume' })).toBeVisible()
  await forEachScheme(page, async (scheme) => {
    await axeScan(page)
    await page.screenshot({ path: info.outputPath(`admin-webhooks-disabled-${scheme}.png`), fullPage: true })
  })
  const cleanup = await sessionClient('admin')
  expect((await cleanup.delete(`/api/webhooks/${String(hook.id)}`)).status()).toBe(204)
  await cleanup.dispose()
})

test("the incident page lists its notifications and whether they arrived, to a viewer, host only", async ({ page }, info) => {
  const service = await newService()
  const ok = '/incident-ok'
  const down = '/incident-down'
  receiver.answer(down, { status: 500 })
  const admin = await sessionClient('admin')
  const port = new URL(receiver.url('/')).port
  const ids: string[] = []
  for (const [url, events] of [
    [`http://hook-user:hook-pass@127.0.0.1:${port}${ok}?token=sekrit`, ['*']],
    [receiver.url(down), ['incident.acknowledged']],
  ] as const) {
    const r = await admin.post('/api/webhooks', { data: { url, events, serviceIds: [service.id] } })
    expect(r.status()).toBe(201)
    ids.push(((await r.json()) as { id: string }).id)
  }
  const incident = await createIncident(unique('Notified'), { serviceId: service.id })
  await receiver.waitFor(ok + '?token=sekrit', 1)

  await page.setViewportSize({ width: 390, height: 844 })
  await signIn(page, 'viewer', `/incidents/${incident.id}`)
  const card = page.getByRole('region', { name: 'Notifications' })
  await expect(card.locator('[data-notification-id]')).toHaveCount(1)
  await expect(card).toContainText('Arrived')
  await expect(card).toContainText('triggered')
  await expect(card).toContainText(`127.0.0.1:${port}`)

  const ack = await admin.patch(`/api/incidents/${incident.id}`, { data: { status: 'ACKNOWLEDGED' } })
  expect(ack.status()).toBe(200)
  // The live view refetches the incident, and its notifications with it.
  await expect(card.locator('[data-notification-id]')).toHaveCount(3)
  await expect(card).toContainText('HTTP 500')
  await expect(card).toContainText('Retrying')
  for (const secret of ['hook-pass', 'sekrit', ok]) await expect(page.locator('body')).not.toContainText(secret)
  await forEachScheme(page, async (scheme) => {
    await axeScan(page)
    await page.screenshot({ path: info.outputPath(`incident-notifications-390-${scheme}.png`), fullPage: true })
  })
  await page.setViewportSize({ width: 1280, height: 900 })
  await forEachScheme(page, (scheme) => page.screenshot({ path: info.outputPath(`incident-notifications-wide-${scheme}.png`), fullPage: true }))

  for (const id of ids) expect((await admin.delete(`/api/webhooks/${id}`)).status()).toBe(204)
  await admin.dispose()
})
