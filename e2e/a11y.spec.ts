import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { createIncident, hydrated, signIn, unique } from './helpers'

async function scan(page: Page) {
  await hydrated(page)
  const result = await new AxeBuilder({ page }).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`axe, ${scheme}`, () => {
    test.use({ colorScheme: scheme })

    test('sign-in page', async ({ page }) => {
      await page.goto('/login')
      await scan(page)
    })

    for (const path of ['/', '/incidents/:id', '/incidents/new', '/admin/keys', '/admin/users', '/admin/services', '/admin/webhooks', '/incidents/inc_doesnotexist', '/forbidden']) {
      test(`page ${path}`, async ({ page }) => {
        const incident = await createIncident(unique('Axe'), { description: 'Checked by axe.' })
        await signIn(page, 'admin')
        await page.goto(path.replace(':id', incident.id))
        if (path === '/') await page.locator('[data-loaded="true"]').waitFor()
        await scan(page)
      })
    }

    test('at phone width, with the folded filters open', async ({ page }) => {
      const incident = await createIncident(unique('Axe phone'), { urgency: 'HIGH' })
      await page.setViewportSize({ width: 390, height: 844 })
      await signIn(page, 'admin')
      await page.locator('[data-loaded="true"]').waitFor()
      await page.getByRole('button', { name: /^Filters/ }).click()
      await scan(page)
      await page.goto(`/incidents/${incident.id}`)
      await scan(page)
      await page.goto('/admin/services')
      await hydrated(page)
      await page.getByRole('button', { name: /^Edit/ }).first().click()
      await scan(page)
    })

    test('dialogs and menus', async ({ page }) => {
      await signIn(page, 'responder')
      await page.locator('[data-loaded="true"]').waitFor()
      await page.getByRole('button', { name: /More actions/ }).first().click()
      await scan(page)
      await page.keyboard.press('Escape')
      await page.keyboard.press('?')
      await expect(page.getByRole('dialog')).toBeVisible()
      await scan(page)
    })
  })
}
