// The page an email's one-click acknowledge link opens, at phone width, signed out, in light and
// dark: it shows the incident and acknowledges only on the button; used, changed and expired links
// say so. Each state is scanned by axe.
import { expect, test, type Page } from '@playwright/test'
import { ACK_LINK_VALID_MS, signAckLink } from '../lib/notify/rules/ackLink'
import { axeScan, createIncident, http, hydrated, unique, USERS } from './helpers'

/** A link for `incidentId` and the demo's responder, as an email would carry. */
async function linkFor(incidentId: string, issuedAt = new Date()) {
  const users = (await http('GET', '/api/users')).body as { users: Array<{ id: string; email: string; name: string }> }
  const user = users.users.find((u) => u.email === USERS.responder)!
  const token = signAckLink(process.env.E2E_ACK_LINK_SECRET!, { messageId: `eml_${unique('e2e').replace(/\W/g, '')}`, incidentId, userId: user.id }, issuedAt)
  return { path: `/ack/${token}`, user }
}

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`acknowledge link page, ${scheme}`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 390, height: 844 } })

    test('shows the incident, acknowledges on the button as the person, then says the link is used', async ({ page }) => {
      // Three axe scans on a shared machine.
      test.setTimeout(90_000)
      const incident = await createIncident(unique('Ack link'), { urgency: 'HIGH' })
      const { path, user } = await linkFor(incident.id)
      await page.goto(path)
      await expect(page.getByRole('heading', { name: `Acknowledge incident #${incident.number}?` })).toBeVisible()
      await expect(page.getByText(incident.title)).toBeVisible()
      await axeScan(page)
      // Nothing happens on opening the page.
      expect((await http('GET', `/api/incidents/${incident.id}`)).body?.status).toBe('OPEN')
      // Fits a phone: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

      await page.getByRole('button', { name: 'Acknowledge' }).click()
      await expect(page.getByRole('heading', { name: 'Acknowledged' })).toBeVisible()
      await axeScan(page)
      const after = (await http('GET', `/api/incidents/${incident.id}`)).body as { status: string; timeline: Array<{ type: string; actor: { id?: string } }> }
      expect(after.status).toBe('ACKNOWLEDGED')
      expect(after.timeline.at(-1)).toMatchObject({ type: 'acknowledged', actor: { id: user.id } })

      await page.reload()
      await expect(page.getByRole('heading', { name: 'This link was used already' })).toBeVisible()
      await expect(page.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0)
      await axeScan(page)
    })

    test('says when a link is expired or not valid', async ({ page }) => {
      const incident = await createIncident(unique('Ack link stale'))
      const { path } = await linkFor(incident.id, new Date(Date.now() - ACK_LINK_VALID_MS - 60_000))
      await page.goto(path)
      await expect(page.getByRole('heading', { name: 'This link has expired' })).toBeVisible()
      await axeScan(page)
      await page.goto(`${path.slice(0, -3)}AAA`)
      await expect(page.getByRole('heading', { name: 'This link is not valid' })).toBeVisible()
      await axeScan(page)
    })
  })
}
