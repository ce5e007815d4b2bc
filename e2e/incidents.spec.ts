import { expect, test, type Page } from '@playwright/test'
import { baseURL, createIncident, currentMarker, expectOnlyRows, http, hydrated, pageWithoutScript, row, signIn, unique } from './helpers'

/** A promise and the function that settles it, for holding a routed request back. */
function deferred() {
  let resolve = () => {}
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

/** The paths of every list and summary request the page sends from now on, as they are sent. */
function listRequests(page: Page): string[] {
  const paths: string[] = []
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname
    if (path === '/api/incidents' || path === '/api/incidents/summary') paths.push(path)
  })
  return paths
}

/** Narrows the list to this test's incidents through the search box (and so the URL). */
async function search(page: Page, text: string) {
  await page.getByRole('searchbox').fill(text)
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text).replace(/%20/g, '(\\+|%20)')}`))
}

const statusOf = (page: Page, id: string) => row(page, id).locator('[data-status]').first()

test('lists what needs attention, with counts, and filters through the URL', async ({ page }) => {
  const tag = unique('Filterable')
  const high = await createIncident(`${tag} high`, { urgency: 'HIGH' })
  const low = await createIncident(`${tag} low`, { urgency: 'LOW' })
  const done = await createIncident(`${tag} done`)
  await http('PATCH', `/api/incidents/${done.id}`, { status: 'RESOLVED' })

  await signIn(page, 'responder')
  // Default view: active statuses only, each with its count.
  for (const s of ['Open', 'Acknowledged', 'Snoozed']) await expect(page.getByRole('button', { name: new RegExp(`^${s} \\d+$`), pressed: true })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Resolved \d+$/, pressed: false })).toBeVisible()
  const counts = (await http('GET', '/api/incidents/summary')).body as { counts: Record<string, number> }
  await expect(page.locator('[data-count="OPEN"]')).toHaveText(String(counts.counts.OPEN))

  await search(page, tag)
  await expect(row(page, high.id)).toBeVisible()
  await expect(row(page, low.id)).toBeVisible()
  await expect(row(page, done.id)).toHaveCount(0)

  await page.getByRole('combobox', { name: 'Urgency' }).selectOption('LOW')
  await expect(page).toHaveURL(/urgency=LOW/)
  await expect(row(page, high.id)).toHaveCount(0)
  await expect(row(page, low.id)).toBeVisible()

  // The view survives a reload, and a shared link shows the same.
  await page.reload()
  await hydrated(page)
  await expect(page.getByRole('searchbox')).toHaveValue(tag)
  await expect(page.getByRole('combobox', { name: 'Urgency' })).toHaveValue('LOW')
  await expect(row(page, low.id)).toBeVisible()

  await page.getByRole('combobox', { name: 'Urgency' }).selectOption('')
  await page.getByRole('button', { name: /^Resolved \d+$/ }).click()
  await expect(page).toHaveURL(/status=all/)
  await expect(row(page, done.id)).toBeVisible()
  await page.getByRole('button', { name: /^Open \d+$/ }).click()
  await page.getByRole('button', { name: /^Acknowledged \d+$/ }).click()
  await page.getByRole('button', { name: /^Snoozed \d+$/ }).click()
  await expect(page).toHaveURL(/status=RESOLVED(&|$)/)
  await expect(row(page, done.id)).toBeVisible()
  await expect(row(page, high.id)).toHaveCount(0)
})

test('acknowledges from a row, and the timeline names the user', async ({ page }) => {
  const incident = await createIncident(unique('Ack me'))
  await signIn(page, 'responder')
  await search(page, incident.title)
  await expect(statusOf(page, incident.id)).toHaveText('Open')
  await row(page, incident.id).getByRole('button', { name: `Acknowledge #${incident.number}` }).click()
  await expect(statusOf(page, incident.id)).toHaveText('Acknowledged')
  await expect(page.getByRole('status').filter({ hasText: `Acknowledged #${incident.number}` })).toBeVisible()

  await row(page, incident.id).getByRole('link', { name: incident.title }).click()
  await expect(page).toHaveURL(new RegExp(`/incidents/${incident.id}$`))
  const event = page.locator('[data-event="acknowledged"]')
  await expect(event).toContainText('Alice Responder')
  await expect(event).toContainText('acknowledged')
  await expect(event.locator('[data-actor="user"]')).toBeVisible()
  // The API agrees: the actor is the signed-in user.
  const api = (await http('GET', `/api/incidents/${incident.id}`)).body as { timeline: { type: string; actor: { type: string; name: string } }[] }
  expect(api.timeline.find((e) => e.type === 'acknowledged')?.actor).toMatchObject({ type: 'user', name: 'Alice Responder' })
})

test('a refused action rolls back and shows the API message', async ({ page }) => {
  const incident = await createIncident(unique('Raced'))
  await signIn(page, 'responder')
  await search(page, incident.title)
  await expect(statusOf(page, incident.id)).toHaveText('Open')
  // Someone resolves it just before the click lands; acknowledging a resolved incident is refused.
  await page.route(`**/api/incidents/${incident.id}`, async (route) => {
    if (route.request().method() === 'PATCH') await http('PATCH', `/api/incidents/${incident.id}`, { status: 'RESOLVED' })
    await route.continue()
  })
  await row(page, incident.id).getByRole('button', { name: `Acknowledge #${incident.number}` }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'cannot change status from RESOLVED to ACKNOWLEDGED' })).toBeVisible()
  // Rolled back, then refreshed: resolved, so it leaves the default (active) view.
  await expect(row(page, incident.id)).toHaveCount(0)
  expect(((await http('GET', `/api/incidents/${incident.id}`)).body as { status: string }).status).toBe('RESOLVED')
})

test('acknowledges several selected incidents at once', async ({ page }) => {
  const tag = unique('Bulk')
  const incidents = [await createIncident(`${tag} a`), await createIncident(`${tag} b`), await createIncident(`${tag} c`)]
  await signIn(page, 'responder')
  await search(page, tag)
  await expectOnlyRows(page, incidents)
  await page.getByRole('checkbox', { name: 'Select all on this page' }).check()
  await expect(page.getByRole('toolbar', { name: 'Selected incidents' })).toContainText('3 selected')
  await page.getByRole('button', { name: 'Acknowledge selected' }).click()
  for (const i of incidents) await expect(statusOf(page, i.id)).toHaveText('Acknowledged')
  await expect(page.getByRole('status').filter({ hasText: '3 acknowledged' })).toBeVisible()
  for (const i of incidents) expect(((await http('GET', `/api/incidents/${i.id}`)).body as { status: string }).status).toBe('ACKNOWLEDGED')
})

test('snoozes from the row menu and for a custom time', async ({ page }) => {
  const tag = unique('Snooze')
  const a = await createIncident(`${tag} a`)
  const b = await createIncident(`${tag} b`)
  await signIn(page, 'responder')
  await search(page, tag)

  await row(page, a.id).getByRole('button', { name: `More actions for #${a.number}` }).click()
  await page.getByRole('menuitem', { name: 'Snooze 1 h' }).click()
  await expect(statusOf(page, a.id)).toHaveText('Snoozed')
  await expect.poll(async () => ((await http('GET', `/api/incidents/${a.id}`)).body as { status: string }).status).toBe('SNOOZED')
  const until = ((await http('GET', `/api/incidents/${a.id}`)).body as { snoozedUntil: string }).snoozedUntil
  expect(Math.abs(new Date(until).getTime() - Date.now() - 3_600_000)).toBeLessThan(120_000)

  await row(page, b.id).getByRole('button', { name: `More actions for #${b.number}` }).click()
  await page.getByRole('menuitem', { name: 'Snooze for…' }).click()
  const dialog = page.getByRole('dialog', { name: `Snooze #${b.number}` })
  await dialog.getByLabel(/Custom, in minutes/).fill('90')
  await dialog.getByRole('button', { name: 'Snooze', exact: true }).click()
  await expect(statusOf(page, b.id)).toHaveText('Snoozed')
  const bUntil = ((await http('GET', `/api/incidents/${b.id}`)).body as { snoozedUntil: string }).snoozedUntil
  expect(Math.abs(new Date(bUntil).getTime() - Date.now() - 90 * 60_000)).toBeLessThan(120_000)
})

test('creates an incident; its text is shown as text, never as HTML', async ({ page }) => {
  const title = unique('<img src=x onerror=alert(1)> Created')
  await signIn(page, 'responder', '/incidents/new')
  await page.getByLabel(/^Title/).fill(title)
  await page.getByLabel(/^Service/).selectOption({ label: 'Payments' })
  await page.getByLabel('Urgency').selectOption('LOW')
  await page.getByLabel('Priority').selectOption('P2')
  await page.getByLabel('Assignee').selectOption({ label: 'Bob Responder' })
  await page.getByLabel('Description').fill('<b>not bold</b>\nsecond line')
  await page.getByRole('button', { name: 'Create incident' }).click()
  await expect(page).toHaveURL(/\/incidents\/inc_/)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title)
  await expect(page.getByText('<b>not bold</b>', { exact: false })).toBeVisible()
  await expect(page.locator('article b, article img')).toHaveCount(0)
  const details = page.getByRole('region', { name: 'Details' })
  await expect(details).toContainText('Payments')
  await expect(details).toContainText('Bob Responder')
  await expect(details).toContainText('P2')
  await expect(details).toContainText('Low')
  await expect(page.locator('[data-event="created"]')).toContainText('Alice Responder')
})

test('triages by keyboard alone', async ({ page }) => {
  const tag = unique('Keys')
  const older = await createIncident(`${tag} older`)
  const newer = await createIncident(`${tag} newer`)
  // Every status shown: a resolved row stays in view, so the test does not race the refetch that
  // takes it out of the default (active) view.
  await signIn(page, 'responder', '/?status=all')
  await page.keyboard.press('/')
  await expect(page.getByRole('searchbox')).toBeFocused()
  await page.keyboard.type(tag)
  await expect(page).toHaveURL(/q=/)
  await expect(row(page, older.id)).toBeVisible()
  await page.keyboard.press('Escape')

  await page.keyboard.press('j')
  await expect(row(page, newer.id)).toBeFocused()
  await page.keyboard.press('a')
  await expect(statusOf(page, newer.id)).toHaveText('Acknowledged')
  // The view is in triage order: acknowledged, the row moves below the open one, the cursor with it.
  const rows = page.locator('tr[data-incident-id]')
  await expect(rows.first()).toHaveAttribute('data-incident-id', older.id)
  await page.keyboard.press('k')
  await expect(row(page, older.id)).toBeFocused()
  await page.keyboard.press('x')
  await expect(row(page, older.id).getByRole('checkbox')).toBeChecked()
  await page.keyboard.press('r')
  await expect(statusOf(page, older.id)).toHaveText('Resolved')
  await expect(rows.first()).toHaveAttribute('data-incident-id', newer.id)

  await page.keyboard.press('k')
  await expect(row(page, newer.id)).toBeFocused()
  await page.keyboard.press('s')
  const dialog = page.getByRole('dialog', { name: `Snooze #${newer.number}` })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: '4 h' }).click()
  await expect(statusOf(page, newer.id)).toHaveText('Snoozed')

  await page.keyboard.press('?')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveCount(0)

  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/incidents/${newer.id}$`))
})

test('changes made through the API appear live, keeping the selection', async ({ page }) => {
  const tag = unique('Live')
  const first = await createIncident(`${tag} first`)
  await signIn(page, 'responder')
  await search(page, tag)
  await row(page, first.id).getByRole('checkbox').check()

  const second = await createIncident(`${tag} second`)
  await expect(row(page, second.id)).toBeVisible({ timeout: 8_000 })
  await http('PATCH', `/api/incidents/${first.id}`, { status: 'ACKNOWLEDGED' })
  await expect(statusOf(page, first.id)).toHaveText('Acknowledged', { timeout: 8_000 })
  await expect(row(page, first.id).getByRole('checkbox')).toBeChecked()
  await expect(page.getByRole('searchbox')).toHaveValue(tag)
  await expect(page.getByRole('toolbar', { name: 'Selected incidents' })).toContainText('1 selected')
})

test('the detail page offers the same actions and updates live', async ({ page }) => {
  const incident = await createIncident(unique('Detail'))
  await signIn(page, 'responder', `/incidents/${incident.id}`)
  const actions = page.getByRole('toolbar', { name: 'Incident actions' })
  await actions.getByRole('button', { name: 'Assign' }).click()
  await page.getByRole('menuitem', { name: 'Assign to me' }).click()
  await expect(page.getByRole('region', { name: 'Details' })).toContainText('Alice Responder')
  await actions.getByRole('button', { name: 'Resolve…' }).click()
  await page.getByRole('dialog', { name: `Resolve #${incident.number}` }).getByRole('button', { name: 'Resolve' }).click()
  await expect(page.locator('[data-event="resolved"]')).toContainText('Alice Responder')
  await expect(actions.getByRole('button', { name: 'Reopen' })).toBeVisible()
  await http('PATCH', `/api/incidents/${incident.id}`, { status: 'OPEN' })
  await expect(page.locator('[data-event="reopened"]')).toBeVisible({ timeout: 8_000 })
})

test('the rows come in the server HTML, their controls off until React owns the page', async ({ browser }) => {
  const incident = await createIncident(unique('Before hydration'))
  const live = await browser.newContext({ baseURL: baseURL() })
  await signIn(await live.newPage(), 'responder')
  // Without JavaScript the page stays as the server sent it: what a user sees before hydration.
  const page = await pageWithoutScript(browser, live)
  await live.close()
  await page.goto(`/?q=${encodeURIComponent(incident.title)}`)
  const r = row(page, incident.id)
  await expect(r.getByRole('link', { name: incident.title })).toBeVisible()
  // One disabled <fieldset> switches them all (a click before hydration would be lost).
  await expect(r.getByRole('button', { name: `Ack: Acknowledge #${incident.number}` })).toBeDisabled()
  await expect(r.getByRole('button', { name: `More actions for #${incident.number}` })).toBeDisabled()
  await expect(r.getByRole('checkbox', { name: `Select #${incident.number}` })).toBeDisabled()
  await page.context().close()
})

test('the first screen of rows comes in the server HTML, the rest once React owns the page', async ({ browser, page }) => {
  const tag = unique('Screenful')
  // One more than the server renders (FIRST_SCREEN_ROWS): the page holds 26, the HTML 25.
  for (let i = 0; i < 26; i += 13) await Promise.all(Array.from({ length: 13 }, (_, k) => createIncident(`${tag} ${i + k}`)))
  await signIn(page, 'responder')
  const noScript = await pageWithoutScript(browser, page.context())
  await noScript.goto(`/?q=${encodeURIComponent(tag)}`)
  await expect(noScript.locator('tr[data-incident-id]')).toHaveCount(25)
  await expect(noScript.getByRole('navigation', { name: 'Pages' })).toContainText('of 26')
  await noScript.context().close()
  await page.goto(`/?q=${encodeURIComponent(tag)}`)
  await hydrated(page)
  await expect(page.locator('tr[data-incident-id]')).toHaveCount(26)
})

test('a page load asks the API again only if something changed since the server rendered it', async ({ page }) => {
  const tag = unique('Since')
  await createIncident(`${tag} first`)
  await signIn(page, 'responder')
  const lists = listRequests(page)

  // Nothing changed between the render and the stream's ready notice: nothing is fetched again.
  // Another test writing meanwhile (two workers locally) moves the marker; then the load is retried.
  for (let attempt = 1; ; attempt++) {
    lists.length = 0
    const before = await currentMarker()
    const ready = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/incidents/stream')
    await page.goto(`/?q=${encodeURIComponent(tag)}`)
    await ready
    await page.waitForTimeout(1_500)
    if ((await currentMarker()) === before || attempt === 5) break
  }
  expect(lists).toEqual([])

  // A change between the render and the stream's connection is fetched when the stream says so,
  // without waiting for a notice: the poller, started afresh, has nothing to compare it with.
  const held = deferred()
  await page.route('**/api/incidents/stream', async (route) => {
    await held.promise
    await route.continue()
  })
  await page.goto(`/?q=${encodeURIComponent(tag)}`)
  await hydrated(page)
  const second = await createIncident(`${tag} second`)
  held.resolve()
  await expect(row(page, second.id)).toBeVisible({ timeout: 5_000 })
})

test('after a reconnection the page asks again only if the stream moved past its last notice', async ({ page }) => {
  // The stream is played by the test: each connection is answered with notices and then ends,
  // as a dropped connection would, and the browser reconnects on its own.
  const notices: string[] = [
    // Differs from the page's own marker: fetched at once. Then a change: fetched again.
    'event: ready\ndata: {"marker":"played-1"}\n\nevent: change\ndata: {"marker":"played-2"}\n\n',
    // The last notice seen was played-2: nothing new, nothing fetched.
    'event: ready\ndata: {"marker":"played-2"}\n\n',
    // Something changed while the stream was down: fetched.
    'event: ready\ndata: {"marker":"played-3"}\n\n',
  ]
  const gates = notices.map(() => deferred())
  const answered = notices.map(() => deferred())
  gates[0].resolve()
  let connections = 0
  await page.route('**/api/incidents/stream', async (route) => {
    const n = connections++
    if (n >= notices.length) return // later reconnections wait, unanswered, until the page closes
    await gates[n].promise
    await route.fulfill({ status: 200, contentType: 'text/event-stream', body: `retry: 200\n\n${notices[n]}` })
    answered[n].resolve()
  })
  const lists = listRequests(page)
  await signIn(page, 'responder')
  await answered[0].promise
  await expect.poll(() => lists.length).toBeGreaterThan(0)
  await page.waitForTimeout(500)

  lists.length = 0
  gates[1].resolve()
  await answered[1].promise
  await page.waitForTimeout(1_000)
  expect(lists).toEqual([])

  gates[2].resolve()
  await answered[2].promise
  await expect.poll(() => lists).toContain('/api/incidents')
  await page.unrouteAll({ behavior: 'ignoreErrors' })
})

test('the row menu is built when opened, for the row it belongs to', async ({ page }) => {
  const tag = unique('Menu')
  const open = await createIncident(`${tag} open`)
  const acked = await createIncident(`${tag} acked`)
  await http('PATCH', `/api/incidents/${acked.id}`, { status: 'ACKNOWLEDGED' })
  await signIn(page, 'responder')
  await search(page, tag)
  await row(page, open.id).getByRole('button', { name: `More actions for #${open.number}` }).click()
  const menu = page.getByRole('menu', { name: `More actions for #${open.number}` })
  await expect(menu.getByRole('menuitem', { name: 'Resolve', exact: true })).toBeVisible()
  // "Acknowledge" is the row's own button for an open incident, so the menu does not repeat it.
  await expect(menu.getByRole('menuitem', { name: 'Acknowledge', exact: true })).toHaveCount(0)
  await page.keyboard.press('Escape')
  await row(page, acked.id).getByRole('button', { name: `More actions for #${acked.number}` }).click()
  const other = page.getByRole('menu', { name: `More actions for #${acked.number}` })
  await expect(other.getByRole('menuitem', { name: 'Acknowledge', exact: true })).toHaveCount(0)
  await expect(other.getByRole('menuitem', { name: 'Resolve', exact: true })).toHaveCount(0)
  await other.getByRole('menuitem', { name: 'Assign to me' }).click()
  await expect(row(page, acked.id)).toContainText('Alice Responder')
})
