// The demo a newcomer signs in to shows the whole incident loop, on both databases: incidents
// paged in by integrations with their repeats folded, notes in timelines, someone on call, and an
// escalation policy that new incidents follow, while none of the seeded incidents is paged when
// the server starts.
import { describe, expect, it } from 'vitest'
import type { Provider } from '@/lib/db/config'
import { incidentAlerts } from '@/lib/incidents/alerts'
import { dueEscalations } from '@/lib/incidents/escalations'
import { listNotes } from '@/lib/incidents/notes'
import { onCallNow } from '@/lib/oncall/oncall'
import { seedDemo } from '@/lib/seed/demo'
import { freshDb } from '../support/freshDb'
import { cleanupAfterAll, providersUnderTest } from '../support/providers'

const cleanup = cleanupAfterAll()

describe.each(providersUnderTest())('the demo on %s', (provider: Provider) => {
  it('shows alerts folded per problem, notes, who is on call and an escalation policy, and pages nobody at start', async () => {
    const db = await freshDb(provider, cleanup)
    const seeded = await seedDemo(db)
    const incidents = await db.read.incident.findMany({ select: { id: true, number: true, title: true, source: true, alertCount: true, createdAt: true, service: { select: { name: true } } } })
    expect(incidents).toHaveLength(seeded.incidents)
    // Numbers grow with creation time, whichever way an incident came in.
    const byNumber = [...incidents].sort((a, b) => a.number - b.number)
    expect(byNumber.map((i) => i.createdAt.getTime())).toEqual([...byNumber.map((i) => i.createdAt.getTime())].sort((a, b) => a - b))

    const paged = incidents.filter((i) => i.source !== null)
    expect(paged.map((i) => [i.service.name, i.source, i.alertCount]).sort()).toEqual([
      ['Checkout', 'alertmanager', 3],
      ['Search', 'events', 3],
    ])
    for (const i of paged) expect(await incidentAlerts(db, i.id)).toHaveLength(3)

    const payments = incidents.find((i) => i.title === 'Payment provider returning 502')!
    expect(await listNotes(db, payments.id)).toHaveLength(2)

    const { oncall } = await onCallNow(db)
    expect(oncall).toEqual([expect.objectContaining({ schedule: expect.objectContaining({ name: 'Primary on-call' }), user: expect.objectContaining({ name: expect.any(String) }) })])

    const withPolicy = await db.read.service.findMany({ where: { escalationPolicyId: { not: null } }, select: { name: true } })
    expect(withPolicy.map((s) => s.name).sort()).toEqual(['Checkout', 'Payments'])
    expect(await dueEscalations(db, new Date(Date.now() + 24 * 60 * 60_000), 100)).toEqual([])
  })
})
