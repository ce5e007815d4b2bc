// The integration page's snippets read back as the YAML each sender loads, with the URL and key
// intact whatever the integration is called or the key holds. (A real Alertmanager and amtool
// check the Alertmanager ones in tests/system/events-alertmanager.test.ts.)
import { describe, expect, it } from 'vitest'
import { integrationSnippets, integrationUrls, receiverName } from '@/lib/events/rules/snippets'

// js-yaml comes with the linting tools and has no type declarations; the test needs only `load`.
const yamlModule = 'js-yaml'
const { load } = (await import(yamlModule)) as { load: (text: string) => unknown }

const KEY = `ick_abc123_s3cr"et'\\x`
const snippets = integrationSnippets('https://incidents.example.com/', 'Prod: "east" #1', KEY)
const name = receiverName('Prod: "east" #1')

describe('integration snippets', () => {
  it('the URL of each kind, without a doubled slash', () => {
    expect(integrationUrls('https://incidents.example.com//')).toEqual({
      events: 'https://incidents.example.com/api/events',
      alertmanager: 'https://incidents.example.com/api/events/alertmanager',
      generic: 'https://incidents.example.com/api/events/generic',
    })
  })

  it('a receiver name Alertmanager and a person can both read', () => {
    expect(name).toBe('incident-console-prod-east-1')
    expect(receiverName('***')).toBe('incident-console')
  })

  it('Alertmanager webhook_configs: the webhook URL with the key as Bearer, routed to', () => {
    expect(load(snippets.alertmanagerWebhook)).toEqual({
      route: { receiver: name },
      receivers: [
        {
          name,
          webhook_configs: [
            {
              url: 'https://incidents.example.com/api/events/alertmanager',
              send_resolved: true,
              http_config: { authorization: { type: 'Bearer', credentials: KEY } },
            },
          ],
        },
      ],
    })
  })

  it('Alertmanager pagerduty_configs: url pointed here, the key as routing_key', () => {
    expect(load(snippets.alertmanagerPagerDuty)).toEqual({
      route: { receiver: name },
      receivers: [{ name, pagerduty_configs: [{ url: 'https://incidents.example.com/api/events', routing_key: KEY, send_resolved: true }] }],
    })
  })

  it('Grafana: a webhook contact point on the Alertmanager endpoint with Bearer credentials', () => {
    expect(load(snippets.grafana)).toEqual({
      apiVersion: 1,
      contactPoints: [
        {
          orgId: 1,
          name,
          receivers: [
            {
              uid: name,
              type: 'webhook',
              settings: {
                url: 'https://incidents.example.com/api/events/alertmanager',
                httpMethod: 'POST',
                authorization_scheme: 'Bearer',
                authorization_credentials: KEY,
              },
            },
          ],
        },
      ],
    })
  })

  it('curl: one shell line, the key and body quoted for the shell', () => {
    expect(snippets.curl).not.toContain('\n')
    expect(snippets.curl).toContain(`'https://incidents.example.com/api/events/generic'`)
    expect(snippets.curl).toContain(`'Authorization: Bearer ick_abc123_s3cr"et'\\''\\x'`)
  })
})
