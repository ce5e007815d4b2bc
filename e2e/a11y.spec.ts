import { expect, test } from '@playwright/test'
import { axeScan, createIncident, forEachScheme, hydrated, signIn, unique } from './helpers'

test.describe('axe, light and dark', () => {
  test('sign-in page', async ({ page }) => {
    await page.goto('/login')
    await forEachScheme(page, () => axeScan(page))
  })

  for (const path of ['/', '/incidents/:id', '/incidents/new', '/admin/keys', '/admin/users', '/admin/services', '/admin/webhooks', '/incidents/inc_doesnotexist', '/forbidden']) {
    test(`page ${path}`, async ({ page }) => {
      const incident = await createIncident(unique('Axe'), { description: 'Checked by axe.' })
      await signIn(page, 'admin')
      await page.goto(path.replace(':id', incident.id))
      if (path === '/') await page.locator('[data-loaded="true"]').waitFor()
      await forEachScheme(page, () => axeScan(page))
    })
  }

  test('at phone width, with the folded filters open', async ({ page }) => {
    const incident = await createIncident(unique('Axe phone'), { urgency: 'HIGH' })
    await page.setViewportSize({ width: 390, height: 844 })
    await signIn(page, 'admin')
    await page.locator('[data-loaded="true"]').waitFor()
    await page.getByRole('button', { name: /^Filters/ }).click()
    await forEachScheme(page, () => axeScan(page))
    await page.goto(`/incidents/${incident.id}`)
    await forEachScheme(page, () => axeScan(page))
    await page.goto('/admin/services')
    await hydrated(page)
    await page.getByRole('button', { name: /^Edit/ }).first().click()
    await forEachScheme(page, () => axeScan(page))
  })

  test('dialogs and menus', async ({ page }) => {
    await signIn(page, 'responder')
    await page.locator('[data-loaded="true"]').waitFor()
    await page.getByRole('button', { name: /More actions/ }).first().click()
    await forEachScheme(page, () => axeScan(page))
    await page.keyboard.press('Escape')
    await page.keyboard.press('?')
    await expect(page.getByRole('dialog')).toBeVisible()
    await forEachScheme(page, () => axeScan(page))
  })
})
