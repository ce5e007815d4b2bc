// A search stays applied after leaving the box with Escape. In a search field the browser's own
// Escape empties it (an input event), which the debounce then wrote to the URL: the filter was
// lost a moment after being applied, while the page refreshed around it.
import { expect, test } from '@playwright/test'
import { createIncident, row, signIn, unique } from './helpers'

test('Escape leaves the search box and keeps the search, in the box, the URL and the rows', async ({ page }) => {
  const tag = unique('Stays')
  const mine = await createIncident(`${tag} mine`)
  await createIncident(unique('Elsewhere'))
  await signIn(page, 'responder')
  const box = page.getByRole('searchbox')
  await box.fill(tag)
  await expect(page).toHaveURL(/[?&]q=/)
  await expect(page.locator('tr[data-incident-id]')).toHaveCount(1)
  await box.press('Escape')
  await expect(box).not.toBeFocused()
  // Longer than the debounce, so a change of the box would have reached the URL.
  await page.waitForTimeout(1_500)
  await expect(box).toHaveValue(tag)
  expect(new URL(page.url()).searchParams.get('q')).toBe(tag)
  await expect(page.locator('tr[data-incident-id]')).toHaveCount(1)
  await expect(row(page, mine.id)).toBeVisible()
})
