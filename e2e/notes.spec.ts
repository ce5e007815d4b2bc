// Notes on the incident page (the box, its `n` shortcut, notes in the timeline, a resolution note)
// and the list's bulk actions on the bulk endpoint: one request for the selection, each refusal
// named with its reason.
import { expect, test, type Page } from '@playwright/test'
import { axeScan, createIncident, expectOnlyRows, forEachScheme, http, hydrated, row, signIn, unique } from './helpers'

const notesOf = async (id: string) => ((await http('GET', `/api/incidents/${id}/notes`)).body as { notes: { text: string }[] }).notes.map((n) => n.text)

test('`n` opens the note box; Ctrl+Enter adds the note, which the timeline shows as written', async ({ page }) => {
  const incident = await createIncident(unique('Notes'))
  await signIn(page, 'responder', `/incidents/${incident.id}`)
  const box = page.getByRole('textbox', { name: 'Add a note' })
  await expect(box).not.toBeFocused()
  await page.keyboard.press('n')
  await expect(box).toBeFocused()
  // The `n` that focused the box is not typed into it.
  await expect(box).toHaveValue('')
  await page.keyboard.type('Rolled back 4812.')
  await page.keyboard.press('Shift+Enter')
  await page.keyboard.type('Error rate back to normal.')
  await page.keyboard.press('Control+Enter')
  const note = page.locator('[data-event="note"]')
  await expect(note).toContainText('Alice Responder')
  await expect(note.locator('[data-note]')).toHaveText('Rolled back 4812.\nError rate back to normal.')
  await expect(box).toHaveValue('')
  expect(await notesOf(incident.id)).toEqual(['Rolled back 4812.\nError rate back to normal.'])
  // A note from elsewhere arrives live.
  await http('POST', `/api/incidents/${incident.id}/notes`, { text: 'from the API' })
  await expect(page.locator('[data-event="note"] [data-note]').nth(1)).toHaveText('from the API', { timeout: 8_000 })
})

test('resolving from the incident page takes a resolution note, written with the resolve', async ({ page }) => {
  const incident = await createIncident(unique('Resolution'))
  await signIn(page, 'responder', `/incidents/${incident.id}`)
  await page.getByRole('toolbar', { name: 'Incident actions' }).getByRole('button', { name: 'Resolve…' }).click()
  const dialog = page.getByRole('dialog', { name: `Resolve #${incident.number}` })
  await expect(dialog.getByRole('textbox', { name: 'Resolution note (optional)' })).toBeFocused()
  await page.keyboard.type('Certificate renewed; alert on expiry added.')
  let patches = 0
  page.on('request', (r) => void (r.method() === 'PATCH' && patches++))
  await dialog.getByRole('button', { name: 'Resolve' }).click()
  await expect(page.locator('[data-event="resolved"]')).toBeVisible()
  await expect(page.locator('[data-event="note"] [data-note]')).toHaveText('Certificate renewed; alert on expiry added.')
  expect(patches).toBe(1)
  const timeline = ((await http('GET', `/api/incidents/${incident.id}`)).body as { timeline: { type: string; at: string }[] }).timeline
  expect(timeline.map((e) => e.type)).toEqual(['created', 'resolved', 'note'])
  expect(timeline[1]!.at).toBe(timeline[2]!.at)
})

test('bulk actions send one request for the selection and name each incident that was refused', async ({ page }) => {
  const tag = unique('Bulk notes')
  const incidents = [await createIncident(`${tag} a`), await createIncident(`${tag} b`), await createIncident(`${tag} c`)]
  // Every status in view: the live update that follows the resolve below must not take the row
  // (and with it the selection) off the screen before the click.
  await signIn(page, 'responder', '/?status=all')
  await page.getByRole('searchbox').fill(tag)
  await expectOnlyRows(page, incidents)
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check()
  await expect(page.getByRole('toolbar', { name: 'Selected incidents' })).toContainText('3 selected')
  // Resolved behind the page's back: the screen still offers to acknowledge it.
  const stale = incidents[1]!
  await http('PATCH', `/api/incidents/${stale.id}`, { status: 'RESOLVED' })
  const writes: string[] = []
  page.on('request', (r) => void (r.method() !== 'GET' && writes.push(`${r.method()} ${new URL(r.url()).pathname}`)))
  await page.getByRole('button', { name: 'Acknowledge selected' }).click()
  await expect(page.getByRole('alert').filter({ hasText: `2 acknowledged, 1 failed: #${stale.number} cannot change status from RESOLVED to ACKNOWLEDGED` })).toBeVisible()
  expect(writes).toEqual(['POST /api/incidents/bulk'])
  for (const i of [incidents[0]!, incidents[2]!]) expect(((await http('GET', `/api/incidents/${i.id}`)).body as { status: string }).status).toBe('ACKNOWLEDGED')
})

test('axe, light and dark: the incident page with notes, the note box and the resolve dialog; screenshots', async ({ page }, info) => {
  // Two axe scans and three screenshots in each scheme.
  test.setTimeout(90_000)
  const incident = await createIncident(unique('Axe notes'), { description: 'Checked by axe.' })
  await http('POST', `/api/incidents/${incident.id}/notes`, { text: 'A note with a long line that has to wrap on a phone without pushing the page sideways: https://example.com/a/very/long/path/that/does/not/break' })
  await signIn(page, 'responder', `/incidents/${incident.id}`)
  await hydrated(page)
  await page.getByRole('textbox', { name: 'Add a note' }).fill('draft')
  await forEachScheme(page, async (scheme) => {
    await axeScan(page)
    await page.screenshot({ path: info.outputPath(`incident-notes-${scheme}.png`), fullPage: true })
  })
  await page.setViewportSize({ width: 390, height: 844 })
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await forEachScheme(page, (scheme) => page.screenshot({ path: info.outputPath(`incident-notes-${scheme}-390.png`), fullPage: true }))
  await page.getByRole('toolbar', { name: 'Incident actions' }).getByRole('button', { name: 'Resolve…' }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
  await forEachScheme(page, async (scheme) => {
    await axeScan(page)
    await page.screenshot({ path: info.outputPath(`resolve-dialog-${scheme}-390.png`) })
  })
})
