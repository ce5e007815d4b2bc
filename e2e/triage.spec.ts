// The incidents view as an on-call engineer reads it: right ages, what burns set apart, the tab
// title, arrivals, and the small things that matter at 3 a.m. (undo, feedback, phone width).
import { expect, test, type Locator, type Page } from '@playwright/test'
import { PAGE_SIZE } from '@/lib/client/filters'
import { createIncident, firstServiceId, http, hydrated, pageWithoutScript, row, sessionClient, signIn, unique, type IncidentJson } from './helpers'

interface Times {
  createdAt: string
  resolvedAt: string | null
  status: string
}
const read = async (id: string) => (await http('GET', `/api/incidents/${id}`)).body as unknown as Times
const change = async (id: string, body: Record<string, unknown>) => expect((await http('PATCH', `/api/incidents/${id}`, body)).status).toBe(200)

/** Narrows the list to this test's incidents, then leaves the search box so shortcuts work. */
async function search(page: Page, text: string) {
  await page.getByRole('searchbox').fill(text)
  await expect(page).toHaveURL(/[?&]q=/)
  await page.getByRole('searchbox').press('Escape')
}

/** Every React hydration complaint the page makes (production React reports them as errors #418–#425). */
function hydrationErrors(page: Page): string[] {
  const seen: string[] = []
  const hydration = /hydrat|#41[89]|#42[0-5]/i
  page.on('console', (m) => {
    if (m.type() === 'error' && hydration.test(m.text())) seen.push(m.text())
  })
  page.on('pageerror', (e) => {
    if (hydration.test(e.message)) seen.push(e.message)
  })
  return seen
}

/** True when no ancestor with hidden overflow cuts the element off, and it is inside the window. */
const whole = (l: Locator) =>
  l.evaluate((el) => {
    const r = el.getBoundingClientRect()
    if (r.width === 0 || r.left < 0 || r.right > window.innerWidth + 0.5) return false
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p)
      if (s.overflowX === 'visible' && s.textOverflow !== 'ellipsis') continue
      const b = p.getBoundingClientRect()
      if (r.left < b.left - 0.5 || r.right > b.right + 0.5) return false
    }
    return true
  })

test('ages are measured from now: in the server HTML, after hydration, and as time passes', async ({ browser, page }) => {
  test.setTimeout(60_000)
  // The server has rendered relative times before this incident exists.
  await signIn(page, 'responder')
  const incident = await createIncident(unique('Aged'))
  const createdAt = Date.parse((await read(incident.id)).createdAt)
  await page.waitForTimeout(4_000)

  // What the server sends, before any script runs.
  const html = await pageWithoutScript(browser, page.context())
  const before = Date.now()
  await html.goto(`/?q=${encodeURIComponent(incident.title)}`)
  const after = Date.now()
  const served = Number((await row(html, incident.id).locator('time:visible').innerText()).match(/^(\d+)s$/)?.[1])
  expect(served).toBeGreaterThanOrEqual(Math.floor((before - createdAt) / 1000) - 1)
  expect(served).toBeLessThanOrEqual(Math.ceil((after - createdAt) / 1000) + 1)
  await html.context().close()

  // In the browser, with its clock set: 55 seconds after the incident was opened.
  const errors = hydrationErrors(page)
  await page.clock.install({ time: createdAt + 55_000 })
  await page.goto(`/?q=${encodeURIComponent(incident.title)}`)
  await hydrated(page)
  const age = row(page, incident.id).locator('time:visible')
  // Held at known moments (however slow the machine), while the page's own timers keep running:
  // the age follows without a reload.
  for (const [after, text] of [
    [55_000, '55s'],
    [125_000, '2m'],
    [3 * 3_600_000, '3h'],
    [2 * 86_400_000, '2d'],
  ] as const) {
    await page.clock.setFixedTime(createdAt + after)
    await expect(age).toHaveText(text)
  }
  expect(errors).toEqual([])
})

/** A key of the test's own: its many creates stay out of the worker key's write budget. */
async function ownKey(): Promise<string> {
  const admin = await sessionClient('admin')
  const r = await admin.post('/api/keys', { data: { name: unique('e2e triage'), scopes: ['incidents:write'] } })
  expect(r.status()).toBe(201)
  const { key } = (await r.json()) as { key: string }
  await admin.dispose()
  return key
}

test('open, high-urgency, unacknowledged incidents stand out, and not by colour alone', async ({ page }) => {
  const tag = unique('Burning')
  const burning = await createIncident(`${tag} burning`, { urgency: 'HIGH' })
  const low = await createIncident(`${tag} low`, { urgency: 'LOW' })
  // A page's worth of newer, calmer incidents: newest first, the burning one would be on page two.
  const key = await ownKey()
  const serviceId = await firstServiceId()
  const newer: string[] = []
  for (let k = 0; k < PAGE_SIZE; k += 10) {
    const made = await Promise.all(
      Array.from({ length: 10 }, async (_, j) => {
        const r = await http('POST', '/api/incidents', { title: `${tag} newer ${k + j}`, serviceId, urgency: (k + j) % 2 ? 'LOW' : 'HIGH' }, key)
        expect(r.status).toBe(201)
        return r.body as unknown as IncidentJson
      }),
    )
    newer.push(...made.filter((_, j) => j % 2 === 0).map((i) => i.id))
  }
  // The newer HIGH ones acknowledged: what burns is the oldest row of all.
  expect((await http('POST', '/api/incidents/bulk', { ids: newer, changes: { status: 'ACKNOWLEDGED' } }, key)).status).toBe(200)
  const acked = await createIncident(`${tag} acked`, { urgency: 'HIGH' })
  await change(acked.id, { status: 'ACKNOWLEDGED' })
  await signIn(page, 'responder')
  await search(page, tag)

  // The server's triage order: the open HIGH first, then the open LOW, then the acknowledged.
  const rows = page.locator('tr[data-incident-id]')
  await expect(rows.first()).toHaveAttribute('data-incident-id', burning.id)
  await expect(rows).toHaveCount(PAGE_SIZE)
  const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-incident-id')))
  const isAcked = shown.map((id) => id === acked.id || newer.includes(id!))
  expect(isAcked.indexOf(true)).toBeGreaterThan(isAcked.lastIndexOf(false))
  await expect(page.locator('caption')).toHaveText(/open first/)

  await expect(row(page, burning.id)).toHaveAttribute('data-attention', 'true')
  await expect(row(page, burning.id).getByRole('img', { name: /^Needs attention/ })).toBeVisible()
  for (const calm of [low, acked]) {
    await expect(row(page, calm.id)).not.toHaveAttribute('data-attention')
    await expect(row(page, calm.id).getByRole('img', { name: /^Needs attention/ })).toHaveCount(0)
  }
  const weight = (id: string) => row(page, id).getByRole('link').evaluate((el) => Number(getComputedStyle(el).fontWeight))
  expect(await weight(burning.id)).toBeGreaterThan(await weight(low.id))

  // Acknowledged, it calms down at once. Alone in the view: in triage order an acknowledged row
  // this old would leave page one for the newer ones as soon as the list refetches.
  await search(page, `${tag} burning`)
  await expect(page.locator('tr[data-incident-id]')).toHaveCount(1)
  await row(page, burning.id).getByRole('button', { name: `Ack: Acknowledge #${burning.number}` }).click()
  await expect(row(page, burning.id)).not.toHaveAttribute('data-attention')
})

test('the tab title counts the open incidents, on first paint and live', async ({ page }) => {
  const tag = unique('Title')
  await createIncident(`${tag} one`)
  const view = `/?q=${encodeURIComponent(tag)}`
  await signIn(page, 'responder', view)
  await expect(page).toHaveTitle(/^\(1\) Incidents/)
  expect(await (await page.request.get(view)).text()).toMatch(/<title>\(1\) Incidents/)

  const two = await createIncident(`${tag} two`)
  await expect(page).toHaveTitle(/^\(2\) Incidents/)
  await change(two.id, { status: 'ACKNOWLEDGED' })
  await expect(page).toHaveTitle(/^\(1\) Incidents/)
})

test('new rows light up; rows that came while the tab was hidden stay marked until looked at', async ({ page }) => {
  test.setTimeout(60_000)
  const tag = unique('Arrive')
  const first = await createIncident(`${tag} first`)
  await signIn(page, 'responder')
  await search(page, tag)
  await expect(row(page, first.id)).toBeVisible()
  await expect(row(page, first.id)).not.toHaveAttribute('data-arrival')

  const second = await createIncident(`${tag} second`)
  await expect(row(page, second.id)).toHaveAttribute('data-arrival', 'new')
  await expect(row(page, second.id).getByText('New', { exact: true })).toBeVisible()

  const setHidden = (hidden: boolean) =>
    page.evaluate((h) => {
      if (h) {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true })
      } else {
        delete (document as { visibilityState?: unknown }).visibilityState
        delete (document as { hidden?: unknown }).hidden
      }
      document.dispatchEvent(new Event('visibilitychange'))
    }, hidden)
  await setHidden(true)
  const third = await createIncident(`${tag} third`)
  await expect(row(page, third.id)).toHaveAttribute('data-arrival', 'away')
  await setHidden(false)

  // The one that arrived in view fades back to normal; the one that came while away stays marked.
  await expect(row(page, second.id)).not.toHaveAttribute('data-arrival', { timeout: 15_000 })
  await expect(row(page, third.id)).toHaveAttribute('data-arrival', 'away')
  await row(page, third.id).focus()
  await expect(row(page, third.id)).not.toHaveAttribute('data-arrival')
})

test('snoozed rows say when they wake; resolved rows say how long they took', async ({ page }) => {
  const tag = unique('Spans')
  const snoozed = await createIncident(`${tag} snoozed`)
  await change(snoozed.id, { status: 'SNOOZED', snoozeMinutes: 30 })
  const resolved = await createIncident(`${tag} resolved`)
  await new Promise((r) => setTimeout(r, 2_100))
  await change(resolved.id, { status: 'RESOLVED' })
  const r = await read(resolved.id)
  const took = Math.round((Date.parse(r.resolvedAt!) - Date.parse(r.createdAt)) / 1000)

  await signIn(page, 'responder', `/?status=all&q=${encodeURIComponent(tag)}`)
  await expect(row(page, snoozed.id)).toContainText(/wakes in (29|30)m/)
  // Three hours on, the resolved row still reads its time to resolve, not its age.
  await page.clock.install({ time: Date.parse(r.createdAt) + 3 * 3_600_000 })
  await page.reload()
  await hydrated(page)
  await expect(row(page, resolved.id)).toContainText(`took ${took}s`)
  // The title's random tag may hold "3h" itself, so it is left out of what is checked.
  expect((await row(page, resolved.id).innerText()).replaceAll(tag, '')).not.toContain('3h')
})

test('r resolves with an undo, and j goes on from where the resolved row was', async ({ page }) => {
  const tag = unique('Undo')
  const a = await createIncident(`${tag} a`)
  const b = await createIncident(`${tag} b`)
  const c = await createIncident(`${tag} c`)
  await signIn(page, 'responder')
  await search(page, tag)
  await expect(row(page, a.id)).toBeVisible()
  // Newest first: c, b, a.
  await page.keyboard.press('j')
  await expect(row(page, c.id)).toBeFocused()
  await page.keyboard.press('j')
  await expect(row(page, b.id)).toBeFocused()
  await page.keyboard.press('r')
  await expect(row(page, b.id)).toHaveCount(0)
  await page.keyboard.press('j')
  await expect(row(page, a.id)).toBeFocused()

  await page.getByRole('status').filter({ hasText: `Resolved #${b.number}` }).getByRole('button', { name: 'Undo' }).click()
  await expect.poll(async () => (await read(b.id)).status).toBe('OPEN')
  await expect(row(page, b.id)).toBeVisible()
})

test('a viewer pressing a shortcut that changes things is told why nothing happens', async ({ page }) => {
  await signIn(page, 'viewer')
  await page.locator('[data-loaded="true"]').waitFor()
  await page.keyboard.press('j')
  await page.keyboard.press('a')
  await expect(page.getByRole('status').filter({ hasText: 'your role cannot acknowledge' })).toBeVisible()
})

test('toasts never cover the last row or the pager', async ({ page }) => {
  const tag = unique('Toasts')
  await Promise.all(Array.from({ length: 6 }, (_, i) => createIncident(`${tag} ${i}`)))
  await page.setViewportSize({ width: 1280, height: 500 })
  await signIn(page, 'viewer')
  await search(page, tag)
  const rows = page.locator('tr[data-incident-id]')
  await expect(rows).toHaveCount(6)
  // Three messages at once: a viewer's three refused shortcuts. Then the reader scrolls to the end.
  for (const key of ['a', 'r', 's']) await page.keyboard.press(key)
  const toasts = page.locator('[data-toast]')
  await expect(toasts).toHaveCount(3)
  const bottomOf = async (l: Locator) => {
    const b = (await l.boundingBox())!
    return b.y + b.height
  }
  // Measured while all three are up (they leave after a few seconds), with the page scrolled to
  // its end each time: a list that re-renders under the toasts may move the scroll position.
  const clearance = async () => {
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    const boxes = await Promise.all((await toasts.all()).map((t) => t.boundingBox()))
    if (boxes.length < 3 || boxes.some((b) => !b)) return NaN
    const top = Math.min(...boxes.map((b) => b!.y))
    return Math.min(top - (await bottomOf(page.getByRole('navigation', { name: 'Pages' }))), top - (await bottomOf(rows.last())))
  }
  await expect.poll(clearance, { timeout: 3_000 }).toBeGreaterThanOrEqual(0)
})

test('the filtered empty state draws its icon instead of a character the fonts may lack', async ({ page }) => {
  await signIn(page, 'viewer', `/?q=${encodeURIComponent(unique('Nothing matches'))}`)
  const empty = page.locator('[data-loaded="true"]')
  await expect(empty).toContainText('No incidents match these filters')
  await expect(empty.locator('svg')).toBeVisible()
  expect(await page.locator('[data-loaded="true"]').innerText()).not.toMatch(/\p{Extended_Pictographic}/u)
})

test('the incident page: a status badge beside the title, timestamps each on one line', async ({ page }) => {
  const incident = await createIncident(unique('Badge'))
  await change(incident.id, { status: 'ACKNOWLEDGED' })
  await signIn(page, 'responder', `/incidents/${incident.id}`)
  const title = (await page.getByRole('heading', { level: 1 }).boundingBox())!
  const badge = page.locator('header [data-status]')
  await expect(badge).toHaveText('Acknowledged')
  const b = (await badge.boundingBox())!
  expect(b.y).toBeLessThan(title.y + title.height)
  expect(b.y + b.height).toBeGreaterThan(title.y)

  const times = page.getByRole('region', { name: 'Details' }).locator('time')
  await expect(times.filter({ hasText: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/ })).toHaveCount(3)
  for (const t of await times.all()) expect(await t.evaluate((el) => el.getClientRects().length)).toBe(1)
})

test.describe('at phone width', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

  test('urgency and age are whole, and the filters fold away above the first incident', async ({ page }) => {
    const incident = await createIncident(unique('Phone'), { urgency: 'HIGH', priority: 'P1' })
    await signIn(page, 'responder')
    await page.locator('[data-loaded="true"]').waitFor()
    await expect(page.getByRole('combobox', { name: 'Urgency' })).toBeHidden()
    const first = (await page.locator('tr[data-incident-id]').first().boundingBox())!
    const status = (await page.getByRole('group', { name: 'Status' }).boundingBox())!
    expect(first.y - status.y).toBeLessThan(844 / 4)

    await page.getByRole('button', { name: /^Filters/ }).click()
    await expect(page.getByRole('combobox', { name: 'Urgency' })).toBeVisible()
    await page.getByRole('searchbox').fill(incident.title)
    const r = row(page, incident.id)
    for (const part of [r.locator('[data-urgency]:visible'), r.locator('time:visible')]) {
      await expect(part).toBeVisible()
      expect(await whole(part)).toBe(true)
    }
    await expect(r.locator('[data-urgency]:visible')).toHaveText(/High/)
  })

  test('the incident page shows the status before the timeline', async ({ page }) => {
    const incident = await createIncident(unique('Phone detail'))
    await signIn(page, 'responder', `/incidents/${incident.id}`)
    const status = (await page.locator('article [data-status]').first().boundingBox())!
    const timeline = (await page.getByRole('region', { name: 'Timeline' }).boundingBox())!
    expect(status.y + status.height).toBeLessThan(timeline.y)
    expect(status.y + status.height).toBeLessThan(844)
  })
})
