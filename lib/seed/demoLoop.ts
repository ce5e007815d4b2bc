// The demo's incident loop: integrations paging in (an Alertmanager group that fired three times,
// a disk alert sent by a PagerDuty-speaking tool), an on-call schedule, and an escalation policy
// that new incidents on Checkout and Payments follow. Payloads go through the same schemas and
// normalizers as the ingestion endpoints, so the demo's alerts look exactly like real ones.
import { createApiKey } from '@/lib/auth/apiKeys'
import type { Db } from '@/lib/db/client'
import { createPolicy, setServicePolicy } from '@/lib/escalation/policies'
import { fromAlertmanager, fromPagerDuty } from '@/lib/events/rules/normalize'
import { ingestAlert } from '@/lib/incidents/alerts'
import { createSchedule } from '@/lib/oncall/schedules'
import { alertmanagerWebhookSchema, pagerDutyEventSchema } from '@/lib/schemas/events'
import type { Actor } from '@/lib/schemas/incidents'

const MINUTE = 60_000

/** Service name → id. */
type ServiceIds = Map<string, string>

/** An Alertmanager notification of the checkout latency group, `pods` of its alerts firing. */
function latencyGroup(pods: string[], startsAt: Date) {
  const labels = { alertname: 'CheckoutLatencyHigh', service: 'checkout', severity: 'critical', region: 'eu-west-1' }
  return alertmanagerWebhookSchema.parse({
    status: 'firing',
    receiver: 'incident-console',
    groupKey: '{}/{service="checkout"}:{alertname="CheckoutLatencyHigh"}',
    groupLabels: { alertname: 'CheckoutLatencyHigh' },
    commonLabels: labels,
    commonAnnotations: {
      summary: 'Checkout p99 latency above 2 s',
      description: 'checkout_latency_p99 > 2s for 5m in eu-west-1.',
      runbook_url: 'https://runbooks.example.com/checkout/latency',
    },
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: pods.map((pod) => ({
      status: 'firing',
      labels: { ...labels, pod },
      annotations: { summary: `p99 latency on ${pod}` },
      startsAt: startsAt.toISOString(),
      generatorURL: `http://prometheus.example.com:9090/graph?g0.expr=checkout_latency_p99%7Bpod%3D%22${pod}%22%7D`,
    })),
  })
}

/** A PagerDuty Events v2 trigger from the disk monitor, at `usedPercent`. */
const diskEvent = (usedPercent: number) =>
  pagerDutyEventSchema.parse({
    event_action: 'trigger',
    dedup_key: 'disk-search-3-var-lib-search',
    payload: {
      summary: 'Disk 90% full on search-3',
      source: 'search-3',
      severity: 'error',
      component: 'search',
      custom_details: { mount: '/var/lib/search', used_percent: usedPercent, threshold_percent: 90 },
    },
    links: [{ href: 'https://grafana.example.com/d/disk/node-disk?var-host=search-3', text: 'Disk dashboard' }],
  })

export interface LoopPeople {
  admin: { id: string }
  alice: { id: string }
  bob: { id: string }
}

/** The group fired, and Alertmanager re-sent it each group_interval as more pods joined. */
async function checkoutLatency(db: Db, services: ServiceIds, createdAt: Date) {
  const serviceId = services.get('Checkout')!
  const actor = await integration(db, 'Alertmanager (eu-west-1)', serviceId)
  const pods = ['checkout-7d9f-x2k4p', 'checkout-7d9f-q8m1z', 'checkout-7d9f-h5t6c']
  for (const [i, minutes] of [0, 1, 3].entries()) {
    await ingestAlert(db, actor, serviceId, fromAlertmanager(latencyGroup(pods.slice(0, i + 1), createdAt)), after(createdAt, minutes))
  }
}

/** The disk monitor re-sends its trigger as the disk fills. */
async function diskFull(db: Db, services: ServiceIds, createdAt: Date) {
  const serviceId = services.get('Search')!
  const actor = await integration(db, 'Node monitor (Events v2)', serviceId)
  for (const [minutes, used] of [[0, 90], [30, 92], [60, 93]]) {
    await ingestAlert(db, actor, serviceId, fromPagerDuty(diskEvent(used)), after(createdAt, minutes))
  }
}

const after = (t: Date, minutes: number) => new Date(t.getTime() + minutes * MINUTE)

/** Incidents paged in by integrations: how long ago each opened, and what sent it. */
export const ALERTED: { ageMinutes: number; pageIn: (db: Db, services: ServiceIds, createdAt: Date) => Promise<void> }[] = [
  { ageMinutes: 4, pageIn: checkoutLatency },
  { ageMinutes: 200, pageIn: diskFull },
]

async function integration(db: Db, name: string, serviceId: string): Promise<Actor> {
  const key = await createApiKey(db, { name, scopes: ['events:write'], serviceId })
  return { type: 'apiKey', id: key.id, name }
}

/**
 * Who is on call, and what new incidents on Checkout and Payments follow: Alice and Bob take
 * weekly turns, handing over at 09:00 Berlin time; Ada is paged when nobody answers.
 * Set after the demo's incidents are in, so none of them is paged when the server starts.
 */
export async function seedOnCall(db: Db, services: ServiceIds, people: LoopPeople, now: Date) {
  const schedule = await createSchedule(
    db,
    {
      name: 'Primary on-call',
      timeZone: 'Europe/Berlin',
      layers: [{ name: 'Weekly', start: new Date(now.getTime() - 10 * 24 * 60 * MINUTE), rotation: 'weekly', handoffTime: '09:00', users: [people.alice.id, people.bob.id] }],
      overrides: [],
    },
    now,
  )
  const policy = await createPolicy(
    db,
    {
      name: 'Checkout and Payments',
      steps: [
        { targets: [{ type: 'schedule', id: schedule.id }], escalateAfterMinutes: 15 },
        { targets: [{ type: 'user', id: people.admin.id }], escalateAfterMinutes: 15 },
      ],
      repeat: 1,
    },
    now,
  )
  for (const name of ['Checkout', 'Payments']) await setServicePolicy(db, services.get(name)!, policy.id)
}
