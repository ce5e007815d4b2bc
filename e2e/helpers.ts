// Shared steps for the end-to-end tests: signing in (through the API, or the real form), an API
// key made by an admin over HTTP so tests can change things "from outside", as an alerting tool
// would, and axe scans in both colour schemes.
import AxeBuilder from '@axe-core/playwright'
import { expect, request, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { readyMarker } from '../tests/support/stream'

export const PASSWORD = 'demo-password'
export const USERS = {
  admin: 'admin@example.com',
  responder: 'responder@example.com',
  bob: 'bob@example.com',
  viewer: 'viewer@example.com',
} as const

const credentials = (who: keyof typeof USERS) => ({ email: USERS[who], password: PASSWORD })

export const baseURL = () => `http://127.0.0.1:${process.env.E2E_PORT}`

/** Waits until React owns the page: clicks before hydration would be lost. */
export async function hydrated(page: Page) {
  await page.locator('html[data-hydrated="true"]').waitFor()
}

/**
 * Signs in as the API does (the browser keeps the session cookie), then opens `next`. The form
 * itself has tests of its own (auth.spec.ts, through signInThroughForm).
 */
export async function signIn(page: Page, who: keyof typeof USERS, next = '/') {
  const r = await page.request.post('/api/auth/login', { data: credentials(who), headers: { Origin: baseURL() } })
  expect(r.status()).toBe(200)
  await page.goto(next)
  await hydrated(page)
}

/** Signs in through the real form, as a person does, and waits for the page it returns to. */
export async function signInThroughForm(page: Page, who: keyof typeof USERS, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`)
  await hydrated(page)
  await page.getByLabel('Email').fill(USERS[who])
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((u) => u.pathname === next.split('?')[0])
  await hydrated(page)
}

/** A signed-in HTTP client for `who` (cookie session, same-origin Origin on writes). */
export async function sessionClient(who: keyof typeof USERS): Promise<APIRequestContext> {
  const ctx = await request.newContext({ baseURL: baseURL(), extraHTTPHeaders: { Origin: baseURL() } })
  const r = await ctx.post('/api/auth/login', { data: credentials(who) })
  expect(r.status()).toBe(200)
  return ctx
}

let cachedKey: Promise<string> | null = null

/** An incidents:write API key, made once per worker by the admin through the API. */
export function apiKey(): Promise<string> {
  cachedKey ??= (async () => {
    const admin = await sessionClient('admin')
    const r = await admin.post('/api/keys', { data: { name: `e2e worker ${process.pid}`, scopes: ['incidents:write'] } })
    expect(r.status()).toBe(201)
    const { key } = (await r.json()) as { key: string }
    await admin.dispose()
    return key
  })()
  return cachedKey
}

/** Plain HTTP with a Bearer key, as curl or an alerting tool would call the API. */
export async function http(method: string, path: string, body?: unknown, key?: string) {
  const res = await fetch(baseURL() + path, {
    method,
    headers: { authorization: `Bearer ${key ?? (await apiKey())}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) }
}

export interface IncidentJson {
  id: string
  number: number
  title: string
  status: string
}

export async function firstServiceId(): Promise<string> {
  const r = await http('GET', '/api/services')
  return (r.body as { services: { id: string }[] }).services[0].id
}

/** A new incident with a title unique to this test, so parallel tests never share one. */
export async function createIncident(title: string, extra: Record<string, unknown> = {}): Promise<IncidentJson> {
  const r = await http('POST', '/api/incidents', { title, serviceId: await firstServiceId(), ...extra })
  expect(r.status).toBe(201)
  return r.body as unknown as IncidentJson
}

export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`

export const row = (page: Page, id: string) => page.locator(`tr[data-incident-id="${id}"]`)

/**
 * Waits until the list shows these incidents and no others: the answer to a search, not the rows
 * it replaces (which may hold these too), so "select all" takes these alone.
 */
export async function expectOnlyRows(page: Page, incidents: readonly { id: string }[]) {
  for (const i of incidents) await expect(row(page, i.id)).toBeVisible()
  await expect(page.locator('tr[data-incident-id]')).toHaveCount(incidents.length)
}

/**
 * A page in a new context with JavaScript off, signed in as `from` is: the page as the server
 * sent it, what a user sees before hydration. Close it with `page.context().close()`.
 */
export async function pageWithoutScript(browser: Browser, from: BrowserContext): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseURL(), javaScriptEnabled: false, storageState: await from.storageState() })
  return context.newPage()
}

/** The live stream's change marker now: what its `ready` notice says (lib/incidents/changes.ts). */
export const currentMarker = async () => readyMarker(baseURL(), await apiKey())

/** Axe over the hydrated page: fails on any serious or critical violation, naming where. */
export async function axeScan(page: Page) {
  // Each scan brings its own time: one takes 1–2 s alone and several times that on a busy machine,
  // so a test of several scans would otherwise outgrow the default limit.
  test.info().setTimeout(test.info().timeout + 15_000)
  await hydrated(page)
  const result = await new AxeBuilder({ page }).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
}

/**
 * Runs `check` on the page as it stands in light, then in dark. The colours follow
 * prefers-color-scheme alone (app/globals.css), so switching it gives the page a dark visit
 * would, without a second sign-in, load and hydration.
 */
export async function forEachScheme(page: Page, check: (scheme: 'light' | 'dark') => Promise<unknown>) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme })
    expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(colorScheme === 'dark')
    await check(colorScheme)
  }
}

/** A full-page screenshot into the folder E2E_SCREENSHOTS names, when it is set. */
export async function screenshot(page: Page, name: string) {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}.png`, fullPage: true })
}
