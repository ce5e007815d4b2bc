// What the incident page shows of an alert: labels, annotations and links back to the sender,
// read from the details each endpoint stores; only http(s) links ever become links.
import { describe, expect, it } from 'vitest'
import { describeAlert, safeHref } from '@/lib/events/rules/alertView'
import { fromAlertmanager, fromPagerDuty } from '@/lib/events/rules/normalize'
import { alertmanagerWebhookSchema, pagerDutyEventSchema } from '@/lib/schemas/events'

describe('alert view', () => {
  it('links only to http and https addresses', () => {
    expect(safeHref('https://grafana.example.com/d/abc?x=1')).toBe('https://grafana.example.com/d/abc?x=1')
    expect(safeHref('http://prom:9090/graph')).toBe('http://prom:9090/graph')
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'data:text/html,x', 'vbscript:x', '/relative', 'not a url', 42, null]) expect(safeHref(bad)).toBeNull()
  })

  it('Grafana: the group labels and annotations once, each alert by what sets it apart, with its links', () => {
    const body = alertmanagerWebhookSchema.parse({
      version: '1',
      orgId: 1,
      status: 'firing',
      groupKey: 'g',
      groupLabels: { alertname: 'HighCPU' },
      commonLabels: { alertname: 'HighCPU', severity: 'critical' },
      commonAnnotations: { summary: 'CPU high' },
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighCPU', severity: 'critical', instance: 'a' },
          annotations: { summary: 'CPU high', value: '97%' },
          generatorURL: 'https://grafana.example.com/alerting/grafana/x/view',
          dashboardURL: 'https://grafana.example.com/d/cpu',
          panelURL: 'javascript:alert(1)',
        },
      ],
    })
    const event = fromAlertmanager(body)
    const view = describeAlert('grafana', event.alert.details)
    expect(event.source).toBe('grafana')
    expect(view.labels).toEqual([
      ['alertname', 'HighCPU'],
      ['severity', 'critical'],
    ])
    expect(view.annotations).toEqual([['summary', 'CPU high']])
    expect(view.members).toEqual([
      {
        status: 'firing',
        labels: [['instance', 'a']],
        annotations: [['value', '97%']],
        links: [
          { href: 'https://grafana.example.com/alerting/grafana/x/view', text: 'Source' },
          { href: 'https://grafana.example.com/d/cpu', text: 'Dashboard' },
        ],
      },
    ])
  })

  it("Alertmanager: a group's runbook_url annotation is a link, when it is http(s)", () => {
    const view = (runbook: string) =>
      describeAlert(
        'alertmanager',
        fromAlertmanager(alertmanagerWebhookSchema.parse({ status: 'firing', groupKey: 'g', commonAnnotations: { runbook_url: runbook }, alerts: [] })).alert.details,
      ).links
    expect(view('https://runbooks.example.com/checkout')).toEqual([{ href: 'https://runbooks.example.com/checkout', text: 'Runbook' }])
    expect(view('javascript:alert(1)')).toEqual([])
  })

  it('Events v2: component, group and class as labels, custom details as annotations, its links and images', () => {
    const event = fromPagerDuty(
      pagerDutyEventSchema.parse({
        routing_key: 'k',
        event_action: 'trigger',
        payload: { summary: 's', source: 'host-1', severity: 'error', component: 'db', custom_details: { disk: '97%', nested: { a: 1 } } },
        links: [{ href: 'https://runbook.example.com/db', text: 'Runbook' }, { href: 'javascript:x', text: 'Bad' }],
        images: [{ src: 'https://img.example.com/cpu.png', alt: 'CPU graph' }],
      }),
    )
    const view = describeAlert('events', event.alert.details)
    expect(view.labels).toEqual([['component', 'db']])
    expect(view.annotations).toEqual([
      ['disk', '97%'],
      ['nested', '{"a":1}'],
    ])
    expect(view.links).toEqual([
      { href: 'https://runbook.example.com/db', text: 'Runbook' },
      { href: 'https://img.example.com/cpu.png', text: 'CPU graph' },
    ])
  })

  it('generic: the details as annotations', () => {
    expect(describeAlert('generic', { host: 'web-1', load: 3 })).toEqual({ labels: [], annotations: [['host', 'web-1'], ['load', '3']], links: [], members: [] })
  })
})
