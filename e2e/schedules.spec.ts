// On-call schedules in the dashboard: the two-week timeline (lanes per layer, overrides, final,
// now), the admin editor and override form, "on call now" on the incidents page; axe in light
// and dark, and a phone-width page that scrolls the timeline, not itself.
import { expect, test } from '@playwright/test'
import { axeScan, forEachScheme, hydrated, screenshot, sessionClient, signIn, unique } from './helpers'

// Axe over a page of a few hundred shift elements, on a shared machine, outlasts the default 30 s.
test.describe.configure({ timeout: 120_000 })

interface Person {
  id: string
  name: string
}

/** A schedule made through the API: a weekly layer, a daily layer on top for the first week, an override now. */
async function makeSchedule(name = unique('Platform')) {
  const admin = await sessionClient('admin')
  const users = ((await (await admin.get('/api/users')).json()) as { users: Person[] }).users
  const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000
  const iso = (ms: number) => new Date(ms).toISOString()
  const weeklyStart = hour - 3 * 86_400_000
  // The weekly handoff falls at the layer start's local time, so users[0]'s first shift is a whole
  // week (three days ago to four days ahead) at whatever hour the test runs. A fixed handoff time
  // would make it a few hours long, three days ago, for part of each day.
  const weeklyHandoff = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(weeklyStart)
  const r = await admin.post('/api/schedules', {
    data: {
      name,
      timeZone: 'Europe/Berlin',
      layers: [
        { name: 'Weekly', start: iso(weeklyStart), rotation: 'weekly', handoffTime: weeklyHandoff, users: [users[0].id, users[1].id] },
        { name: 'Days', start: iso(hour + 86_400_000), rotation: 'hours', lengthHours: 12, handoffTime: '08:00', users: [users[2].id, users[3].id] },
      ],
      overrides: [{ userId: users[3].id, start: iso(hour), end: iso(hour + 3 * 3_600_000) }],
    },
  })
  expect(r.status(), await r.text()).toBe(201)
  const schedule = (await r.json()) as { id: string; name: string }
  await admin.dispose()
  return { schedule, users }
}

test.describe('schedule page, light and dark', () => {
  test('draws a lane per layer, the overrides and the final lane, with names and now', async ({ page }) => {
    const { schedule, users } = await makeSchedule()
    await signIn(page, 'admin', `/schedules/${schedule.id}`)
    const timeline = page.getByRole('region', { name: /Timeline/ })
    await expect(timeline.getByRole('list', { name: 'Weekly' })).toBeVisible()
    await expect(timeline.getByRole('list', { name: 'Days' })).toBeVisible()
    // The override (this hour, users[3]) is in the final lane and in its own lane.
    const final = timeline.getByRole('list', { name: 'On call' })
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000)
    await expect(final.locator(`li[data-user-id="${users[3].id}"]`).first()).toBeVisible()
    expect(await final.locator('li[data-user-id]').evaluateAll((items, at) => items.some((li) => li.getAttribute('title')?.includes(at)), new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(hour))).toBe(true)
    await expect(timeline.getByRole('list', { name: 'Overrides' }).getByRole('listitem').filter({ hasText: '(override)' })).toHaveCount(1)
    await expect(final.getByRole('listitem').filter({ hasText: users[0].name }).first()).toBeAttached()
    await expect(page.locator('[data-lane="final"] .bg-danger')).toHaveCount(1)
    await forEachScheme(page, async (scheme) => {
      await axeScan(page)
      await screenshot(page, `schedule-${scheme}`)
    })
  })

  test('at phone width the timeline scrolls and the page does not', async ({ page }) => {
    const { schedule } = await makeSchedule()
    await page.setViewportSize({ width: 390, height: 844 })
    await signIn(page, 'admin', `/schedules/${schedule.id}`)
    const timeline = page.getByRole('region', { name: /Timeline/ })
    await expect(timeline.getByRole('list', { name: 'On call' })).toBeVisible()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(await timeline.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
    await forEachScheme(page, async (scheme) => {
      await axeScan(page)
      await screenshot(page, `schedule-phone-${scheme}`)
    })
  })
})

test('an admin creates a schedule, adds an override, and the incidents page shows who is on call', async ({ page }) => {
  const name = unique('Made in the form')
  await signIn(page, 'admin', '/admin/schedules')
  await page.getByRole('button', { name: 'New schedule' }).click()
  await page.getByRole('textbox', { name: 'Name *', exact: true }).fill(name)
  await page.getByLabel('Time zone (IANA)').fill('America/New_York')
  await page.getByLabel('1. person of layer 1').selectOption({ index: 1 })
  await page.getByRole('button', { name: 'Add a person to layer 1' }).click()
  await page.getByLabel('2. person of layer 1').selectOption({ index: 2 })
  await axeScan(page)
  await page.getByRole('button', { name: 'Create schedule' }).click()
  const row = page.locator('tr', { hasText: name })
  await expect(row).toBeVisible()
  await screenshot(page, 'schedules-admin')

  await row.getByRole('link', { name }).click()
  await page.waitForURL(/\/schedules\/sch_/)
  await expect(page.getByRole('heading', { name })).toBeVisible()
  const who = page.getByLabel('Who')
  await who.selectOption({ index: 3 })
  const picked = (await who.locator('option:checked').textContent())!
  await page.getByRole('button', { name: 'Add override' }).click()
  await expect(page.getByRole('list', { name: 'Overrides' }).getByRole('listitem').filter({ hasText: picked })).toHaveCount(1)
  // The override starts now; the drawing starts at the top of the hour.
  await expect(page.getByRole('list', { name: 'On call' }).getByRole('listitem').filter({ hasText: picked }).first()).toBeVisible()

  await page.goto('/')
  const oncall = page.getByRole('region', { name: 'On call now' })
  await expect(oncall.locator('li', { hasText: name })).toContainText(picked)
  await expect(oncall.locator('li', { hasText: name })).toContainText(/\(hands over in \d+h\)/)
})

test('a bad time zone is refused with the server\'s message, and nothing is created', async ({ page }) => {
  const name = unique('Bad zone')
  await signIn(page, 'admin', '/admin/schedules')
  await page.getByRole('button', { name: 'New schedule' }).click()
  await page.getByRole('textbox', { name: 'Name *', exact: true }).fill(name)
  await page.getByLabel('Time zone (IANA)').fill('Mars/Olympus')
  await page.getByLabel('1. person of layer 1').selectOption({ index: 1 })
  await page.getByRole('button', { name: 'Create schedule' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'IANA time zone' })).toBeVisible()
  await expect(page.locator('tr', { hasText: name })).toHaveCount(0)
})

test('a schedule with nobody on call says so, and when the next shift starts', async ({ page }) => {
  const admin = await sessionClient('admin')
  const users = ((await (await admin.get('/api/users')).json()) as { users: Person[] }).users
  const name = unique('Starts later')
  // The first shift starts 48 to 49 hours from now, at the layer's start (its handoff time).
  const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 49 * 3_600_000).toISOString()
  const r = await admin.post('/api/schedules', {
    data: { name, timeZone: 'UTC', layers: [{ name: 'Weekly', start, rotation: 'weekly', handoffTime: start.slice(11, 16), users: [users[0].id] }] },
  })
  expect(r.status(), await r.text()).toBe(201)
  await admin.dispose()

  await signIn(page, 'viewer', '/')
  const line = page.getByRole('region', { name: 'On call now' }).locator('li', { hasText: name })
  await expect(line).toContainText(`${name}: nobody (next shift in 2d)`)
})
