// A small, realistic demo: services, one user per role, incidents in every status with real
// timelines and notes, some paged in by integrations, and who is on call (demoLoop.ts).
// Everything goes through the same domain commands the API uses.
import type { Db } from '@/lib/db/client'
import { AppError } from '@/lib/errors'
import { createApiKey, type CreatedKey } from '@/lib/auth/apiKeys'
import { verifyPassword } from '@/lib/auth/passwords'
import { createService } from '@/lib/directory/services'
import { createUser, type UserSummary } from '@/lib/directory/users'
import { createIncident, updateIncident } from '@/lib/incidents/commands'
import { addNote } from '@/lib/incidents/notes'
import type { Actor, UpdateIncidentInput } from '@/lib/schemas/incidents'
import type { Priority, Role, Urgency } from '@/lib/schemas/enums'
import { ALERTED, seedOnCall } from './demoLoop'

export const DEMO_PASSWORD = 'demo-password'

/** One user per role; `alice` and `bob` are the responders the demo's timelines name. */
const DEMO_USERS = {
  admin: { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' },
  alice: { email: 'responder@example.com', name: 'Alice Responder', role: 'responder' },
  bob: { email: 'bob@example.com', name: 'Bob Responder', role: 'responder' },
  viewer: { email: 'viewer@example.com', name: 'Vera Viewer', role: 'viewer' },
} as const satisfies Record<string, { email: string; name: string; role: Role }>

export interface DemoResult {
  users: UserSummary[]
  apiKey: CreatedKey
  services: number
  incidents: number
}

type Step = UpdateIncidentInput & { after: number; by?: 'alice' | 'bob' }
interface DemoIncident {
  title: string
  service: string
  urgency: Urgency
  priority?: Priority
  ageMinutes: number
  description?: string
  steps?: Step[]
  notes?: { after: number; by: 'alice' | 'bob'; text: string }[]
}

const SERVICES = ['API Gateway', 'Payments', 'Search', 'Checkout', 'Notifications', 'Auth']

const INCIDENTS: DemoIncident[] = [
  {
    title: 'Payment provider returning 502',
    service: 'Payments',
    urgency: 'HIGH',
    priority: 'P1',
    ageMinutes: 12,
    steps: [{ after: 3, status: 'ACKNOWLEDGED', assigneeId: 'alice', by: 'alice' }],
    notes: [
      { after: 5, by: 'alice', text: "The provider's status page confirms a degraded API in the EU. Failing over to the secondary acquirer." },
      { after: 9, by: 'alice', text: 'Failover done; the error rate is back under 0.5 %. Keeping this acknowledged until the provider closes their incident.' },
    ],
  },
  { title: 'Search index lag over 10 minutes', service: 'Search', urgency: 'LOW', priority: 'P3', ageMinutes: 35, steps: [{ after: 5, status: 'SNOOZED', snoozeMinutes: 240, by: 'bob' }] },
  { title: 'Database timeout on /v1/orders', service: 'API Gateway', urgency: 'HIGH', priority: 'P2', ageMinutes: 58 },
  { title: 'Elevated 401s from mobile clients', service: 'Auth', urgency: 'LOW', priority: 'P3', ageMinutes: 95, steps: [{ after: 10, status: 'ACKNOWLEDGED', by: 'bob', assigneeId: 'bob' }] },
  { title: 'Push notifications delayed', service: 'Notifications', urgency: 'LOW', ageMinutes: 140, steps: [{ after: 20, status: 'SNOOZED', snoozeMinutes: 60 * 24, by: 'alice' }] },
  { title: 'Certificate for api.example.com expires in 7 days', service: 'API Gateway', urgency: 'LOW', priority: 'P4', ageMinutes: 60 * 20 },
  { title: 'Card declines spiking for one BIN range', service: 'Payments', urgency: 'HIGH', priority: 'P2', ageMinutes: 60 * 26, steps: [{ after: 4, status: 'ACKNOWLEDGED', by: 'alice', assigneeId: 'alice' }, { after: 50, status: 'RESOLVED', by: 'alice' }] },
  {
    title: 'Login page 500s after deploy',
    service: 'Auth',
    urgency: 'HIGH',
    priority: 'P1',
    ageMinutes: 60 * 30,
    steps: [{ after: 2, status: 'ACKNOWLEDGED', by: 'bob' }, { after: 9, status: 'RESOLVED', by: 'bob' }],
    notes: [{ after: 9, by: 'bob', text: 'Rolled back the deploy; the session middleware dropped cookies without a domain. Fix and test in the follow-up.' }],
  },
  { title: 'Email bounce rate above 5%', service: 'Notifications', urgency: 'LOW', priority: 'P4', ageMinutes: 60 * 50, steps: [{ after: 120, status: 'RESOLVED', by: 'alice' }] },
  { title: 'Gateway memory leak in worker pool', service: 'API Gateway', urgency: 'HIGH', priority: 'P2', ageMinutes: 60 * 72, steps: [{ after: 15, status: 'ACKNOWLEDGED', by: 'alice' }, { after: 300, status: 'RESOLVED', by: 'alice' }, { after: 900, status: 'OPEN', by: 'bob' }, { after: 910, status: 'ACKNOWLEDGED', by: 'bob', assigneeId: 'bob' }] },
  { title: 'Checkout cart totals off by one cent', service: 'Checkout', urgency: 'LOW', priority: 'P3', ageMinutes: 60 * 100, steps: [{ after: 60, status: 'RESOLVED', by: 'bob' }] },
  { title: 'Search relevance regression', service: 'Search', urgency: 'LOW', priority: 'P5', ageMinutes: 60 * 150, steps: [{ after: 30, urgency: 'LOW', priority: 'P4', by: 'alice' }, { after: 600, status: 'RESOLVED', by: 'alice' }] },
]

/** Whether the database holds no users and no incidents: the only kind the demo seed fills. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [users, incidents] = await Promise.all([db.read.user.count(), db.read.incident.count()])
  return !users && !incidents
}

/** Fills an empty database; refuses (CONFLICT) when it already holds users or incidents. */
export async function seedDemo(db: Db): Promise<DemoResult> {
  if (!(await isDatabaseEmpty(db))) throw new AppError('CONFLICT', 'the database is not empty; the demo seed only fills an empty one')

  const services = new Map<string, string>()
  for (const name of SERVICES) {
    const existing = await db.read.service.findUnique({ where: { name } })
    services.set(name, existing?.id ?? (await createService(db, { name })).id)
  }
  const admin = await createUser(db, { ...DEMO_USERS.admin, password: DEMO_PASSWORD })
  const alice = await createUser(db, { ...DEMO_USERS.alice, password: DEMO_PASSWORD })
  const bob = await createUser(db, { ...DEMO_USERS.bob, password: DEMO_PASSWORD })
  const viewer = await createUser(db, { ...DEMO_USERS.viewer, password: DEMO_PASSWORD })
  const people = { alice, bob }
  const actor = (who: 'alice' | 'bob' | undefined): Actor => {
    const u = people[who ?? 'alice']
    return { type: 'user', id: u.id, name: u.name }
  }
  // Incidents typed in through the Incidents API by a monitoring script of the demo's team.
  const monitor: Actor = { type: 'apiKey', name: 'Synthetic checks' }

  const now = Date.now()
  const created = (ageMinutes: number) => new Date(now - ageMinutes * 60_000)
  const typed = INCIDENTS.map((d) => ({ ageMinutes: d.ageMinutes, add: () => addIncident(d, created(d.ageMinutes)) }))
  const paged = ALERTED.map((a) => ({ ageMinutes: a.ageMinutes, add: () => a.pageIn(db, services, created(a.ageMinutes)) }))
  // Oldest first, so incident numbers grow with creation time as they would in real life.
  for (const d of [...typed, ...paged].sort((a, b) => b.ageMinutes - a.ageMinutes)) await d.add()

  async function addIncident(d: DemoIncident, createdAt: Date) {
    const { incident } = await createIncident(
      db,
      monitor,
      { title: d.title, serviceId: services.get(d.service)!, urgency: d.urgency, priority: d.priority ?? null, description: d.description ?? null },
      { now: createdAt },
    )
    const at = (minutes: number) => new Date(createdAt.getTime() + minutes * 60_000)
    for (const { after, by, ...change } of d.steps ?? []) {
      const input = { ...change }
      if (input.assigneeId === 'alice' || input.assigneeId === 'bob') input.assigneeId = people[input.assigneeId].id
      await updateIncident(db, actor(by), incident.id, input, { now: at(after) })
    }
    for (const n of d.notes ?? []) await addNote(db, actor(n.by), incident.id, n.text, at(n.after))
  }
  await seedOnCall(db, services, { admin, alice, bob }, new Date(now))
  const apiKey = await createApiKey(db, { name: 'Demo key', scopes: ['incidents:read', 'incidents:write'] }, admin.id)
  return { users: [admin, alice, bob, viewer], apiKey, services: services.size, incidents: INCIDENTS.length + ALERTED.length }
}

/**
 * The demo's sign-ins that still work on a database seeded earlier: each demo user that exists,
 * is enabled and still has the demo password (empty on a database the demo did not fill).
 */
export async function demoSignIns(db: Db): Promise<{ email: string; role: string }[]> {
  const emails: string[] = Object.values(DEMO_USERS).map((u) => u.email)
  const rows = await db.read.user.findMany({ where: { email: { in: emails }, disabledAt: null }, select: { email: true, role: true, passwordHash: true } })
  const usable = await Promise.all(rows.map((u) => verifyPassword(DEMO_PASSWORD, u.passwordHash)))
  return rows.filter((_, i) => usable[i]).sort((a, b) => emails.indexOf(a.email) - emails.indexOf(b.email)).map(({ email, role }) => ({ email, role }))
}
