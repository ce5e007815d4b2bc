// The Insights page: reached from the top nav, charts drawn from GET /api/analytics with a table
// as their text form, a per-service table, CSV downloads; axe-clean in light and dark, and usable
// at phone width.
import { expect, test, type Page } from '@playwright/test'
import { axeScan, hydrated, pageWithoutScript, signIn } from './helpers'

async function open(page: Page) {
  await signIn(page, 'viewer')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click()
  await page.waitForURL('**/insights')
  await hydrated(page)
  await page.locator('[data-loaded="true"]').waitFor()
  // Both charts drawn (uPlot renders into a canvas once its module has loaded).
  await expect(page.locator('figure canvas')).toHaveCount(2)
}

test('charts, the per-service table and the CSV links follow the range, bucket and service', async ({ page }) => {
  await open(page)
  await expect(page.getByRole('link', { name: 'Insights' })).toHaveAttribute('aria-current', 'page')
  const services = page.getByRole('region', { name: 'Per service' })
  await expect(services.getByRole('row')).not.toHaveCount(1)
  await expect(page.getByRole('img', { name: /incidents created from/ })).toBeVisible()
  await page.getByLabel('Per', { exact: true }).selectOption('week')
  await expect(page.getByText('Incidents per week')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Download CSV' })).toHaveAttribute('href', /\/api\/analytics\.csv\?.*bucket=week.*table=buckets/)
  const name = (await services.getByRole('rowheader').first().textContent())!
  await page.getByLabel('Service', { exact: true }).selectOption({ label: name })
  await expect(services.getByRole('rowheader')).toHaveText([name])
  const csv = await page.request.get((await page.getByRole('link', { name: 'CSV per service' }).getAttribute('href'))!)
  expect(csv.status()).toBe(200)
  expect((await csv.text()).split('\r\n')[0]).toBe('serviceId,serviceName,created,alerts,mttaSeconds,mttrSeconds')
  // The charts' text form lists every bucket.
  await page.getByText(/the charts as a table/).click()
  await expect(page.getByRole('columnheader', { name: 'Week from' })).toBeVisible()
})

test('the figures and tables come in the server HTML; only the charts wait for the browser', async ({ browser, page }) => {
  await signIn(page, 'viewer')
  const noScript = await pageWithoutScript(browser, page.context())
  await noScript.goto('/insights')
  await expect(noScript.locator('[data-loaded="true"]')).toHaveCount(1)
  await expect(noScript.getByText('Mean time to acknowledge and resolve (minutes)')).toBeVisible()
  await expect(noScript.getByRole('region', { name: 'Per service' }).getByRole('rowheader').first()).toBeVisible()
  // The charts' text form has a row per day of the default range (30 days, today included).
  await expect(noScript.locator('details tbody tr')).toHaveCount(30)
  await noScript.context().close()
})

test('the charts take the place kept for them: nothing below moves as they draw', async ({ page }) => {
  // Every layout shift the page makes, from its first paint on (the observer is in place before any script runs).
  await page.addInitScript(() => {
    const seen: number[] = []
    Object.assign(window, { layoutShifts: seen })
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) seen.push(e.value)
    }).observe({ type: 'layout-shift', buffered: true })
  })
  await signIn(page, 'viewer')
  // A fresh load with no input before it: shifts right after a click would not count.
  await page.goto('/insights')
  await page.locator('[data-loaded="true"]').waitFor()
  await expect(page.locator('figure canvas')).toHaveCount(2)
  const shifts = await page.evaluate(() => (window as unknown as { layoutShifts: number[] }).layoutShifts)
  expect(shifts.reduce((a, b) => a + b, 0)).toBeLessThan(0.05)
})

for (const scheme of ['light', 'dark'] as const) {
  test(`axe, ${scheme}, laptop and phone`, async ({ page }, info) => {
    test.setTimeout(90_000)
    await page.emulateMedia({ colorScheme: scheme })
    await open(page)
    await axeScan(page)
    await page.screenshot({ path: info.outputPath(`insights-${scheme}.png`), fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    await expect(page.locator('figure canvas').first()).toBeVisible()
    // Nothing wider than the phone once the charts have followed the new width: no sideways scroll.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await axeScan(page)
    await page.screenshot({ path: info.outputPath(`insights-${scheme}-phone.png`), fullPage: true })
  })
}
