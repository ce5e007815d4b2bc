import { expect, test, type Page } from '@playwright/test'
import { axeScan, createIncident, hydrated, signIn, unique } from './helpers'

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`axe, ${scheme}`, () => {
    test.use({ colorScheme: scheme })

    test('sign-in page', async ({ page }) => {
      await page.goto('/login')
      await axeScan(page)
    })

    for (const path of ['/', '/incidents/:id', '/incidents/new', '/admin/keys', '/admin/users', '/admin/services', '/admin/webhooks', '/incidents/inc_doesnotexist', '/forbidden']) {
      test(`page ${path}`, async ({ page }) => {
        const incident = await createIncident(unique('Axe'), { description: 'Checked by axe.' })
        await signIn(page, 'admin')
        await page.goto(path.replace(':id', incident.id))
        if (path === '/') await page.locator('[data-loaded="true"]').waitFor()
        await axeScan(page)
      })
    }

    test('at phone width, with the folded filters open', async ({ page }) => {
      const incident = await createIncident(unique('Axe phone'), { urgency: 'HIGH' })
      await page.setViewportSize({ width: 390, height: 844 })
      await signIn(page, 'admin')
      await page.locator('[data-loaded="true"]').waitFor()
      await page.getByRole('button', { name: /^Filters/ }).click()
      await axeScan(page)
      await page.goto(`/incidents/${incident.id}`)
      await axeScan(page)
      await page.goto('/admin/services')
      await hydrated(page)
      await page.getByRole('button', { name: /^Edit/ }).first().click()
      await axeScan(page)
    })

    test('dialogs and menus', async ({ page }) => {
      await signIn(page, 'responder')
      await page.locator('[data-loaded="true"]').waitFor()
      await page.getByRole('button', { name: /More actions/ }).first().click()
      await axeScan(page)
      await page.keyboard.press('Escape')
      await page.keyboard.press('?')
      await expect(page.getByRole('dialog')).toBeVisible()
      await axeScan(page)
    })
  })
}
