// What an integration's page hands a person to paste: the URL of each ingestion endpoint and a
// configuration for each sender, filled in with the app's address and the integration's key.
// Pure text: the dashboard shows it, and a system test feeds the Alertmanager receivers to a real
// Alertmanager, so a snippet that stops working fails a test.

export interface IntegrationUrls {
  /** PagerDuty Events API v2, and Alertmanager's pagerduty_configs. */
  events: string
  /** Alertmanager's webhook_configs and Grafana's webhook contact point. */
  alertmanager: string
  generic: string
}

export function integrationUrls(baseUrl: string): IntegrationUrls {
  const base = baseUrl.replace(/\/+$/, '')
  return { events: `${base}/api/events`, alertmanager: `${base}/api/events/alertmanager`, generic: `${base}/api/events/generic` }
}

/** A YAML double-quoted scalar: safe for any key or name, whatever characters it holds. */
const quoted = (s: string) => JSON.stringify(s)

/** A receiver name Alertmanager accepts and a person recognizes: the integration's name, tidied. */
export function receiverName(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return `incident-console${slug ? `-${slug}` : ''}`
}

/** One item of Alertmanager's `receivers:` list, posting to the webhook endpoint with the key as Bearer. */
export function alertmanagerWebhookReceiver(name: string, urls: IntegrationUrls, key: string): string {
  return [
    `  - name: ${quoted(name)}`,
    `    webhook_configs:`,
    `      - url: ${quoted(urls.alertmanager)}`,
    `        send_resolved: true`,
    `        http_config:`,
    `          authorization:`,
    `            type: Bearer`,
    `            credentials: ${quoted(key)}`,
  ].join('\n')
}

/** One item of Alertmanager's `receivers:` list, using its PagerDuty integration pointed here. */
export function alertmanagerPagerDutyReceiver(name: string, urls: IntegrationUrls, key: string): string {
  return [
    `  - name: ${quoted(name)}`,
    `    pagerduty_configs:`,
    `      - url: ${quoted(urls.events)}`,
    `        routing_key: ${quoted(key)}`,
    `        send_resolved: true`,
  ].join('\n')
}

/** A Grafana contact point as provisioning YAML (the same fields its contact point form asks for). */
export function grafanaContactPoint(name: string, urls: IntegrationUrls, key: string): string {
  return [
    `apiVersion: 1`,
    `contactPoints:`,
    `  - orgId: 1`,
    `    name: ${quoted(name)}`,
    `    receivers:`,
    `      - uid: ${quoted(name)}`,
    `        type: webhook`,
    `        settings:`,
    `          url: ${quoted(urls.alertmanager)}`,
    `          httpMethod: POST`,
    `          authorization_scheme: Bearer`,
    `          authorization_credentials: ${quoted(key)}`,
  ].join('\n')
}

/** A POSIX shell single-quoted word. */
const shellWord = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** A test alert through the generic endpoint. */
export function curlLine(urls: IntegrationUrls, key: string): string {
  const body = JSON.stringify({ summary: 'Test alert from curl', dedupKey: 'curl-test', urgency: 'LOW' })
  return `curl -sS -X POST ${shellWord(urls.generic)} -H ${shellWord(`Authorization: Bearer ${key}`)} -H 'Content-Type: application/json' -d ${shellWord(body)}`
}

export interface IntegrationSnippets {
  alertmanagerWebhook: string
  alertmanagerPagerDuty: string
  grafana: string
  curl: string
}

export function integrationSnippets(baseUrl: string, integrationName: string, key: string): IntegrationSnippets {
  const urls = integrationUrls(baseUrl)
  const name = receiverName(integrationName)
  const route = `route:\n  receiver: ${quoted(name)}  # or a child route's receiver\n`
  return {
    alertmanagerWebhook: `${route}receivers:\n${alertmanagerWebhookReceiver(name, urls, key)}\n`,
    alertmanagerPagerDuty: `${route}receivers:\n${alertmanagerPagerDutyReceiver(name, urls, key)}\n`,
    grafana: `${grafanaContactPoint(name, urls, key)}\n`,
    curl: curlLine(urls, key),
  }
}
