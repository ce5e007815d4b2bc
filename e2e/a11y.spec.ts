import { expect, test, type Page } from '@playwright/test'
import { axeScan, createIncident, hydrated, signIn, unique } from './helpers'

/**
 * Axe in light, then in dark, on the page as it stands. The colours follow prefers-color-scheme
 * alone (app/globals.css), so switching it gives the page a dark visit would, without a second
 * sign-in, load and hydration.
 */
async function axeInBothSchemes(page: Page) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark')
    await axeScan(page)
  }
}

test.describe('axe, light and dark', () => {
  test('sign-in page', async ({ page }) => {
    await page.goto('/login')
    await axeInBothSchemes(page)
  })

  for (const path of ['/', '/incidents/:id', '/incidents/new', '/admin/keys', '/admin/users', '/admin/services', '/admin/webhooks', '/incidents/inc_doesnotexist', '/forbidden']) {
    test(`page ${path}`, async ({ page }) => {
      const incident = await createIncident(unique('Axe'), { description: 'Checked by axe.' })
      await signIn(page, 'admin')
      await page.goto(path.replace(':id', incident.id))
      if (path === '/') await page.locator('[data-loaded="true"]').waitFor()
      await axeInBothSchemes(page)
    })
  }

  test('at phone width, with the folded filters open', async ({ page }) => {
    const incident = await createIncident(unique('Axe phone'), { urgency: 'HIGH' })
    await page.setViewportSize({ width: 390, height: 844 })
    await signIn(page, 'admin')
    await page.locator('[data-loaded="true"]').waitFor()
    await page.getByRole('button', { name: /^Filters/ }).click()
    await axeInBothSchemes(page)
    await page.goto(`/incidents/${incident.id}`)
    await axeInBothSchemes(page)
    await page.goto('/admin/services')
    await hydrated(page)
    await page.getByRole('button', { name: /^Edit/ }).first().click()
    await axeInBothSchemes(page)
  })

  test('dialogs and menus', async ({ page }) => {
    await signIn(page, 'responder')
    await page.locator('[data-loaded="true"]').waitFor()
    await page.getByRole('button', { name: /More actions/ }).first().click()
    await axeInBothSchemes(page)
    await page.keyboard.press('Escape')
    await page.keyboard.press('?')
    await expect(page.getByRole('dialog')).toBeVisible()
    await axeInBothSchemes(page)
  })
})
