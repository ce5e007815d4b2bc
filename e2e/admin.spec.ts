import { expect, test } from '@playwright/test'
import { baseURL, signIn, unique } from './helpers'

const get = (key: string) => fetch(`${baseURL()}/api/incidents?limit=1`, { headers: { authorization: `Bearer ${key}` } })

test('an admin creates an API key that works over plain HTTP until it is revoked in the UI', async ({ page }) => {
  const name = unique('Alertmanager')
  await signIn(page, 'admin', '/admin/keys')
  await page.getByLabel('Name').fill(name)
  await page.getByRole('checkbox', { name: /incidents:write/ }).check()
  await page.getByLabel('Expires').selectOption('30')
  await page.getByRole('button', { name: 'Create key' }).click()

  const secret = page.getByLabel('API key', { exact: true })
  await expect(secret).toHaveValue(/^ick_/)
  const key = await secret.inputValue()
  await page.getByRole('button', { name: 'Copy' }).click()
  await expect(page.getByText(/Copied to the clipboard|press Ctrl\+C/)).toBeVisible()

  expect((await get(key)).status).toBe(200)
  const created = await fetch(`${baseURL()}/api/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: unique('From the new key'), serviceId: (await (await get(key)).json()).incidents[0].service.id }),
  })
  expect(created.status).toBe(201)

  // Listed with its prefix, scopes and last use; the secret is never shown again.
  const listed = page.locator('tr', { hasText: name })
  await expect(listed).toContainText(key.slice(0, 16))
  await expect(listed).toContainText('incidents:read, incidents:write')
  await page.getByRole('button', { name: 'Done, I have stored it' }).click()
  await expect(page.getByLabel('API key', { exact: true })).toHaveCount(0)
  await page.reload()
  await expect(listed).toContainText('ago')
  await expect(page.locator('body')).not.toContainText(key)

  await listed.getByRole('button', { name: `Revoke ${name}` }).click()
  await page.getByRole('dialog', { name: 'Revoke this key?' }).getByRole('button', { name: 'Revoke key' }).click()
  await expect(listed).toContainText('Revoked')
  expect((await get(key)).status).toBe(401)
})

test('an admin adds a user, changes the role and disables the account', async ({ page, browser }) => {
  const email = `${unique('u').replace(/\W/g, '')}@example.com`
  await signIn(page, 'admin', '/admin/users')
  await page.getByLabel('Name', { exact: true }).fill('Carol Oncall')
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Role', { exact: true }).selectOption('viewer')
  await page.getByLabel('Initial password').fill('carol-password-1')
  await page.getByRole('button', { name: 'Add user' }).click()
  const userRow = page.locator('tr', { hasText: email })
  await expect(userRow).toContainText('Active')

  await userRow.getByRole('combobox', { name: 'Role of Carol Oncall' }).selectOption('responder')
  await expect(page.getByRole('status').filter({ hasText: 'Updated Carol Oncall' })).toBeVisible()

  // Carol signs in elsewhere; disabling her ends that session at once.
  const carol = await browser.newContext()
  const r = await carol.request.post(`${baseURL()}/api/auth/login`, { data: { email, password: 'carol-password-1' } })
  expect((await r.json()).user.role).toBe('responder')
  await userRow.getByRole('button', { name: 'Disable Carol Oncall' }).click()
  await expect(userRow).toContainText('Disabled')
  expect((await carol.request.get(`${baseURL()}/api/auth/me`)).status()).toBe(401)
  await carol.close()
})

test('an admin adds a service and renames it through its Edit action', async ({ page }) => {
  const name = unique('Billing')
  await signIn(page, 'admin', '/admin/services')
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByRole('button', { name: 'Add service' }).click()
  const listed = page.locator('[data-service-id]', { hasText: name })
  await expect(listed).toBeVisible()
  // A list to read, not a column of inputs: a name becomes editable only through Edit.
  await expect(page.locator('[data-service-id] input')).toHaveCount(0)

  await listed.getByRole('button', { name: `Edit ${name}` }).click()
  const field = page.getByRole('textbox', { name: `New name of ${name}` })
  await expect(field).toBeFocused()
  await field.fill('not this')
  await field.press('Escape')
  await expect(page.locator('[data-service-id] input')).toHaveCount(0)
  await expect(listed.getByRole('button', { name: `Edit ${name}` })).toBeFocused()

  await listed.getByRole('button', { name: `Edit ${name}` }).click()
  await expect(field).toHaveValue(name)
  await field.fill(`${name} v2`)
  await page.getByRole('button', { name: `Save ${name}` }).click()
  await expect(page.getByRole('status').filter({ hasText: `Renamed to ${name} v2` })).toBeVisible()
  await expect(page.locator('[data-service-id] input')).toHaveCount(0)
  await expect(page.getByRole('button', { name: `Edit ${name} v2` })).toBeVisible()
})
