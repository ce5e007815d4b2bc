// The Insights page: reached from the top nav, rendered on the server for the range in its address
// (charts as SVG, a table as their text form, a per-service table, CSV downloads); works without
// JavaScript, axe-clean in light and dark, and usable at phone width.
import { expect, test, type Page } from '@playwright/test'
import { axeScan, hydrated, pageWithoutScript, signIn } from './helpers'

async function open(page: Page) {
  await signIn(page, 'viewer')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click()
  await page.waitForURL('**/insights')
  await hydrated(page)
  await page.locator('[data-loaded="true"]').waitFor()
  await expect(page.locator('figure svg')).toHaveCount(2)
}

test('charts, the per-service table and the CSV links follow the range, bucket and service', async ({ page }) => {
  await open(page)
  await expect(page.getByRole('link', { name: 'Insights' })).toHaveAttribute('aria-current', 'page')
  const services = page.getByRole('region', { name: 'Per service' })
  await expect(services.getByRole('row')).not.toHaveCount(1)
  await expect(page.getByRole('img', { name: /incidents created from/ })).toBeVisible()
  await page.getByLabel('Per', { exact: true }).selectOption('week')
  await expect(page.getByText('Incidents per week')).toBeVisible()
  // The view is in the address: a reload (or the link, shared) shows the same.
  await expect(page).toHaveURL(/[?&]bucket=week/)
  await page.reload()
  await expect(page.getByText('Incidents per week')).toBeVisible()
  await expect(page.getByLabel('Per', { exact: true })).toHaveValue('week')
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

test('without JavaScript: charts, figures and tables in the page, and the form still works', async ({ browser, page }) => {
  await signIn(page, 'viewer')
  const noScript = await pageWithoutScript(browser, page.context())
  await noScript.goto('/insights')
  await expect(noScript.locator('[data-loaded="true"]')).toHaveCount(1)
  // Each chart drawn: a line per series.
  await expect(noScript.locator('figure').first().locator('svg g[data-series] path').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/)
  await expect(noScript.locator('figure svg g[data-series]')).toHaveCount(5)
  await expect(noScript.getByRole('region', { name: 'Per service' }).getByRole('rowheader').first()).toBeVisible()
  // The charts' text form has a row per day of the default range (30 days, today included).
  await expect(noScript.locator('details tbody tr')).toHaveCount(30)
  // A plain GET form: the browser submits it.
  await noScript.getByLabel('Per', { exact: true }).selectOption('week')
  await noScript.getByRole('button', { name: 'Show' }).click()
  await expect(noScript.getByText('Incidents per week')).toBeVisible()
  await expect(noScript).toHaveURL(/[?&]bucket=week/)
  await noScript.context().close()
})

test('a range the API refuses gets its message, with the form to mend it', async ({ page }) => {
  await signIn(page, 'viewer')
  await page.goto('/insights?from=2024-01-01&to=2026-01-01')
  const message = page.locator('main').getByRole('alert')
  await expect(message).toContainText('at most 366 days')
  await expect(page.locator('[data-loaded="false"]')).toHaveCount(1)
  await expect(page.getByLabel('From', { exact: true })).toHaveValue('2024-01-01')
  await page.goto('/insights?bucket=month')
  await expect(message).toContainText('bucket')
})

test('nothing moves as the page loads and hydrates', async ({ page }) => {
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
  await expect(page.locator('figure svg')).toHaveCount(2)
  await hydrated(page)
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
    await expect(page.locator('figure svg').first()).toBeVisible()
    // The per-service times fit the phone's width without scrolling the table (the alerts column gives way).
    const services = page.getByRole('region', { name: 'Per service' })
    await expect(services.getByRole('columnheader', { name: 'Alerts' })).toBeHidden()
    for (const name of ['MTTA', 'MTTR']) {
      const box = (await services.getByRole('columnheader', { name }).boundingBox())!
      expect(box.x + box.width).toBeLessThanOrEqual(390)
    }
    // Nothing wider than the phone: no sideways scroll.
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await axeScan(page)
    await page.screenshot({ path: info.outputPath(`insights-${scheme}-phone.png`), fullPage: true })
  })
}
