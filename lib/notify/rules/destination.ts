// What a subscription's URL may show to anyone who reads an incident: its host and port only.
// Paths and queries often hold the endpoint's own secret (Slack's incoming webhooks do), and a
// URL may carry user:password; neither leaves the admin API.

/** `hooks.example.com`, `10.0.0.5:8080`; an unreadable URL shows as "unknown host". */
export function destinationOf(url: string): string {
  try {
    return new URL(url).host || 'unknown host'
  } catch {
    return 'unknown host'
  }
}
