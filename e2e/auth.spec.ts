import { expect, request, test } from '@playwright/test'
import { PASSWORD, USERS, baseURL, createIncident, hydrated, row, sessionClient, signIn, signInThroughForm, unique } from './helpers'

test('signs in with the right password and out again', async ({ page }) => {
  await page.goto('/')
  await expect(page).toHaveURL(/\/login\?next=%2F$/)
  await signInThroughForm(page, 'responder')
  await expect(page.getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible()
  await expect(page.getByRole('banner')).toContainText('responder')
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)
  // The session is gone on the server too, not just the cookie.
  await page.goto('/')
  await expect(page).toHaveURL(/\/login/)
})

test('a wrong password is refused with a message that does not say whether the email exists', async ({ page }) => {
  await page.goto('/login')
  await hydrated(page)
  await page.getByLabel('Email').fill(USERS.responder)
  await page.getByLabel('Password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toBeVisible()
  await expect(page).toHaveURL(/\/login/)
  const known = await page.getByRole('alert').filter({ hasText: 'incorrect' }).textContent()

  await page.getByLabel('Email').fill('nobody@example.com')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toHaveText(known!)
})

test('sign-in returns to the page that asked for it', async ({ page }) => {
  await page.goto('/?status=RESOLVED')
  await expect(page).toHaveURL(/\/login\?next=/)
  await hydrated(page)
  await page.getByLabel('Email').fill(USERS.responder)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/\?status=RESOLVED$/)
  await expect(page.getByRole('button', { name: /Resolved/, pressed: true })).toBeVisible()
})

test('a viewer sees everything and is offered no action; the API refuses the viewer a write', async ({ page }) => {
  const incident = await createIncident(unique('Viewer sees'))
  await signIn(page, 'viewer')
  await expect(row(page, incident.id)).toBeVisible()
  await expect(page.getByRole('link', { name: 'New incident' })).toHaveCount(0)
  await expect(page.getByRole('checkbox')).toHaveCount(0)
  await expect(page.getByRole('button', { name: /^(Ack|Acknowledge|Resolve|Reopen)( #\d+| selected)?$/ })).toHaveCount(0)
  await expect(page.getByRole('button', { name: /More actions/ })).toHaveCount(0)
  // Keys do nothing either.
  await page.keyboard.press('j')
  await page.keyboard.press('a')
  await expect(row(page, incident.id).locator('[data-status]').first()).toHaveText('Open')

  await page.goto(`/incidents/${incident.id}`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(incident.title)
  await expect(page.getByRole('toolbar', { name: 'Incident actions' })).toHaveCount(0)
  await page.goto('/incidents/new')
  await expect(page).toHaveURL(/\/forbidden$/)

  const viewer = await sessionClient('viewer')
  const r = await viewer.patch(`/api/incidents/${incident.id}`, { data: { status: 'ACKNOWLEDGED' } })
  expect(r.status()).toBe(403)
  expect((await r.json()).error.code).toBe('FORBIDDEN')
  const after = await (await viewer.get(`/api/incidents/${incident.id}`)).json()
  expect(after.status).toBe('OPEN')
  await viewer.dispose()
})

test('a cookie-authenticated write from a foreign origin is refused', async () => {
  const incident = await createIncident(unique('CSRF target'))
  const own = await sessionClient('responder')
  const cookies = await own.storageState()
  const foreign = await request.newContext({ baseURL: baseURL(), storageState: cookies, extraHTTPHeaders: { Origin: 'https://evil.example' } })
  const r = await foreign.patch(`/api/incidents/${incident.id}`, { data: { status: 'RESOLVED' } })
  expect(r.status()).toBe(403)
  expect((await r.json()).error.code).toBe('FORBIDDEN')
  // Reads with the same cookie still work, and nothing changed.
  const read = await foreign.get(`/api/incidents/${incident.id}`)
  expect(read.status()).toBe(200)
  expect((await read.json()).status).toBe('OPEN')
  // The same write from the app's own origin goes through.
  expect((await own.patch(`/api/incidents/${incident.id}`, { data: { status: 'RESOLVED' } })).status()).toBe(200)
  await foreign.dispose()
  await own.dispose()
})
