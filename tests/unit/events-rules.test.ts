// The ingestion rules: severity → urgency, titles, and the three bodies normalized into one event.
import { describe, expect, it } from 'vitest'
import { fromAlertmanager, fromGeneric, fromPagerDuty } from '@/lib/events/rules/normalize'
import { urgencyOfLabel, urgencyOfSeverity } from '@/lib/events/rules/severity'
import { cutTitle } from '@/lib/events/rules/title'
import { alertmanagerWebhookSchema, genericEventSchema, pagerDutyEventSchema } from '@/lib/schemas/events'

describe('severity → urgency', () => {
  it('PagerDuty: critical and error are HIGH, the rest LOW', () => {
    expect(['critical', 'error', 'warning', 'info', undefined].map(urgencyOfSeverity)).toEqual(['HIGH', 'HIGH', 'LOW', 'LOW', 'LOW'])
  })
  it('Alertmanager label: critical and page are HIGH (any case), the rest LOW', () => {
    expect(['critical', 'PAGE', 'warning', null].map(urgencyOfLabel)).toEqual(['HIGH', 'HIGH', 'LOW', 'LOW'])
  })
})

describe('titles', () => {
  it('cut to 255 characters at a code point', () => {
    const t = cutTitle('😀'.repeat(300))
    expect(Array.from(t)).toHaveLength(255)
    expect(t.endsWith('…')).toBe(true)
    expect(cutTitle('  a \n b  ')).toBe('a b')
  })

  const am = (extra: Record<string, unknown>) =>
    alertmanagerWebhookSchema.parse({ status: 'firing', groupKey: 'g', groupLabels: { alertname: 'X', env: 'prod' }, alerts: [], ...extra })
  it('Alertmanager: summary annotation, else Grafana title, else alertname with group labels', () => {
    expect(fromAlertmanager(am({ commonAnnotations: { summary: 'S' }, title: 'T' })).title).toBe('S')
    expect(fromAlertmanager(am({ title: 'T', orgId: 1 }))).toMatchObject({ title: 'T', source: 'grafana' })
    expect(fromAlertmanager(am({}))).toMatchObject({ title: 'X (env=prod)', source: 'alertmanager', dedupKey: 'g', action: 'trigger' })
    expect(fromAlertmanager(am({ status: 'resolved' })).action).toBe('resolve')
  })
})

describe('normalization', () => {
  it('Events v2: action, key, urgency, source kept on the alert', () => {
    const e = fromPagerDuty(pagerDutyEventSchema.parse({ event_action: 'trigger', dedup_key: 'k', payload: { summary: 's', source: 'h', severity: 'error', custom_details: { a: 1 } } }))
    expect(e).toMatchObject({ action: 'trigger', dedupKey: 'k', urgency: 'HIGH', source: 'events', title: 's', alert: { source: 'h', severity: 'error' } })
    expect(JSON.parse(e.description!)).toEqual({ a: 1 })
  })
  it('generic: HIGH unless told, details as description', () => {
    expect(fromGeneric(genericEventSchema.parse({ summary: 's' }))).toMatchObject({ urgency: 'HIGH', action: 'trigger', dedupKey: null, description: null })
    expect(fromGeneric(genericEventSchema.parse({ summary: 's', urgency: 'low' })).urgency).toBe('LOW')
  })
})
