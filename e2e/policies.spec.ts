// Escalation policies in the dashboard: create one with a person and a schedule as targets, edit
// it, choose it for a service, and a delete refused in words while the service uses it; the
// server's field errors beside their field; axe in light and dark, and a phone-width page that
// does not scroll sideways.
import { expect, test } from '@playwright/test'
import { axeScan, hydrated, screenshot, sessionClient, signIn, unique } from './helpers'

test.describe.configure({ timeout: 90_000 })

interface Person {
  id: string
  name: string
}

/** Through the API: a one-layer schedule, a service, and a two-step policy the service uses. */
async function fixtures({ withPolicy = true } = {}) {
  const admin = await sessionClient('admin')
  const users = ((await (await admin.get('/api/users')).json()) as { users: Person[] }).users
  const s = await admin.post('/api/schedules', {
    data: {
      name: unique('Primary'),
      timeZone: 'Europe/Berlin',
      layers: [{ start: new Date(Date.now() - 86_400_000).toISOString(), rotation: 'weekly', handoffTime: '09:00', users: [users[1].id] }],
    },
  })
  expect(s.status(), await s.text()).toBe(201)
  const schedule = (await s.json()) as { id: string; name: string }
  const v = await admin.post('/api/services', { data: { name: unique('Checkout') } })
  expect(v.status(), await v.text()).toBe(201)
  const service = (await v.json()) as { id: string; name: string }
  let policy: { id: string; name: string } | null = null
  if (withPolicy) {
    const p = await admin.post('/api/escalation-policies', {
      data: {
        name: unique('Shown'),
        repeat: 1,
        steps: [
          { targets: [{ type: 'user', id: users[0].id }], escalateAfterMinutes: 10 },
          { targets: [{ type: 'schedule', id: schedule.id }, { type: 'user', id: users[2].id }], escalateAfterMinutes: 30 },
        ],
      },
    })
    expect(p.status(), await p.text()).toBe(201)
    policy = (await p.json()) as { id: string; name: string }
    expect((await admin.patch(`/api/services/${service.id}`, { data: { escalationPolicyId: policy.id } })).status()).toBe(200)
  }
  return { admin, users, schedule, service, policy }
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`policies page, ${scheme}`, () => {
    test.use({ colorScheme: scheme })

    test('lists a policy with its steps in words and the service that uses it', async ({ page }) => {
      const { admin, users, schedule, service, policy } = await fixtures()
      await admin.dispose()
      await signIn(page, 'admin', '/admin/policies')
      const row = page.locator(`tr[data-policy-id="${policy!.id}"]`)
      const steps = row.getByRole('list', { name: `Steps of ${policy!.name}` }).getByRole('listitem')
      await expect(steps).toHaveCount(2)
      await expect(steps.nth(0)).toContainText(`${users[0].name} · 10 min`)
      await expect(steps.nth(1)).toContainText(`${schedule.name} (schedule), ${users[2].name} · 30 min`)
      await expect(row).toContainText('then 1 more pass')
      await expect(row.getByRole('link', { name: service.name })).toBeVisible()
      await page.getByRole('button', { name: 'New policy' }).click()
      await axeScan(page)
      await screenshot(page, `policies-${scheme}`)
    })

    test('at phone width the page does not scroll sideways, the editor open', async ({ page }) => {
      const { admin, policy } = await fixtures()
      await admin.dispose()
      await page.setViewportSize({ width: 390, height: 844 })
      await signIn(page, 'admin', '/admin/policies')
      await page.getByRole('button', { name: `Edit ${policy!.name}` }).click()
      await expect(page.getByRole('button', { name: 'Save policy' })).toBeVisible()
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
      await axeScan(page)
      await screenshot(page, `policies-phone-${scheme}`)
    })
  })
}

test('an admin creates a policy, edits it, gives it to a service, and cannot delete it while used', async ({ page }) => {
  const { admin, users, schedule, service } = await fixtures({ withPolicy: false })
  const name = unique('Made in the form')
  await signIn(page, 'admin', '/admin/policies')
  await page.getByRole('button', { name: 'New policy' }).click()
  await page.getByRole('textbox', { name: 'Name *', exact: true }).fill(name)
  const step1 = page.getByRole('group', { name: 'Step 1' })
  await step1.getByLabel('1. target of step 1').selectOption({ label: users[0].name })
  await step1.getByLabel('Escalate after (minutes)').fill('5')
  await page.getByRole('button', { name: 'Add a step' }).click()
  const step2 = page.getByRole('group', { name: 'Step 2' })
  await step2.getByLabel('1. target of step 2').selectOption({ label: schedule.name })
  await step2.getByLabel('Escalate after (minutes)').fill('20')
  await page.getByRole('button', { name: 'Create policy' }).click()

  const row = page.locator('tr', { hasText: name })
  await expect(row).toBeVisible()
  const id = (await row.getAttribute('data-policy-id'))!
  const stored = async () => (await (await admin.get(`/api/escalation-policies/${id}`)).json()) as { steps: unknown[]; repeat: number; serviceIds: string[] }
  expect((await stored()).steps).toEqual([
    { targets: [{ type: 'user', id: users[0].id }], escalateAfterMinutes: 5 },
    { targets: [{ type: 'schedule', id: schedule.id }], escalateAfterMinutes: 20 },
  ])

  // Edit: the schedule's step first, a second person on the other, two more passes.
  await row.getByRole('button', { name: `Edit ${name}` }).click()
  await page.getByRole('button', { name: 'Move up step 2' }).click()
  await page.getByRole('button', { name: 'Add a target to step 2' }).click()
  await page.getByRole('group', { name: 'Step 2' }).getByLabel('2. target of step 2').selectOption({ label: users[1].name })
  await page.getByLabel('Repeat (more passes)').fill('2')
  await page.getByRole('button', { name: 'Save policy' }).click()
  await expect(row.getByRole('list', { name: `Steps of ${name}` }).getByRole('listitem').nth(1)).toContainText(`${users[0].name}, ${users[1].name} · 5 min`)
  const edited = await stored()
  expect(edited.steps).toEqual([
    { targets: [{ type: 'schedule', id: schedule.id }], escalateAfterMinutes: 20 },
    { targets: [{ type: 'user', id: users[0].id }, { type: 'user', id: users[1].id }], escalateAfterMinutes: 5 },
  ])
  expect(edited.repeat).toBe(2)

  // The service's page: choose the policy.
  await page.goto(`/admin/services/${service.id}`)
  await hydrated(page)
  const choice = page.getByLabel('Escalation policy')
  await expect(choice).toHaveValue('')
  await choice.selectOption({ label: name })
  await page.getByRole('button', { name: 'Save policy' }).click()
  await expect.poll(async () => (await stored()).serviceIds).toEqual([service.id])
  await page.reload()
  await expect(page.getByLabel('Escalation policy')).toHaveValue(id)

  // Deleting it while the service uses it is refused, in words, next to the policy.
  await page.goto('/admin/policies')
  await hydrated(page)
  await expect(row.getByRole('link', { name: service.name })).toBeVisible()
  await row.getByRole('button', { name: `Delete ${name}` }).click()
  await page.getByRole('dialog', { name: 'Delete this escalation policy?' }).getByRole('button', { name: 'Delete policy' }).click()
  await expect(row.getByRole('alert')).toContainText('Not deleted: a service uses this escalation policy')
  await expect(row).toBeVisible()
  expect((await admin.get(`/api/escalation-policies/${id}`)).status()).toBe(200)

  // None for the service, then the delete goes through.
  await page.goto(`/admin/services/${service.id}`)
  await hydrated(page)
  await page.getByLabel('Escalation policy').selectOption({ value: '' })
  await page.getByRole('button', { name: 'Save policy' }).click()
  await expect.poll(async () => (await stored()).serviceIds).toEqual([])
  await page.goto('/admin/policies')
  await hydrated(page)
  await page.getByRole('button', { name: `Delete ${name}` }).click()
  await page.getByRole('dialog', { name: 'Delete this escalation policy?' }).getByRole('button', { name: 'Delete policy' }).click()
  await expect(page.locator('tr', { hasText: name })).toHaveCount(0)
  expect((await admin.get(`/api/escalation-policies/${id}`)).status()).toBe(404)
  await admin.dispose()
})

test("the server's field error shows beside its field, and nothing is created", async ({ page }) => {
  const { admin, users } = await fixtures({ withPolicy: false })
  await admin.dispose()
  await signIn(page, 'admin', '/admin/policies')
  await page.getByRole('button', { name: 'New policy' }).click()
  // Blank after trimming: the browser lets it through, the API refuses it.
  const nameField = page.getByRole('textbox', { name: 'Name *', exact: true })
  await nameField.fill('   ')
  await page.getByLabel('1. target of step 1').selectOption({ label: users[0].name })
  await page.getByRole('button', { name: 'Create policy' }).click()
  await expect(nameField).toHaveAttribute('aria-invalid', 'true')
  await expect(nameField).toHaveAccessibleDescription('must not be empty')
  await expect(page.getByRole('alert').filter({ hasText: 'Not saved' })).toBeVisible()
})

test('an escalating incident says which step fires next and when, until it is acknowledged', async ({ page }) => {
  const { admin, users, service } = await fixtures()
  const created = await admin.post('/api/incidents', { data: { title: unique('Escalating'), serviceId: service.id, urgency: 'HIGH' } })
  expect(created.status(), await created.text()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  await admin.dispose()
  await signIn(page, 'admin', `/incidents/${id}`)
  // Step 1 fires at once (it pages users[0]); step 2 is then due in its 10 minutes.
  await expect(page.getByRole('listitem').filter({ hasText: `escalation step 1 paged ${users[0].name}` })).toBeVisible({ timeout: 15_000 })
  await expect(page.getByTestId('next-escalation')).toContainText(/^Step 2, .*\(in (9|10)m\)$/)
  await expect(page.getByRole('heading', { level: 1 }).locator('..')).toContainText(/escalates in (9|10)m/)
  await hydrated(page)
  await axeScan(page)
  await page.getByRole('button', { name: 'Acknowledge', exact: true }).click()
  await expect(page.getByTestId('next-escalation')).toHaveCount(0)
  await expect(page.getByText(/escalates in/)).toHaveCount(0)
})
