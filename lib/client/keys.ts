// React Query keys, in one place so invalidation reaches every view of the same data.
export const qk = {
  incidents: ['incidents'] as const,
  list: (query: Record<string, string>) => ['incidents', 'list', query] as const,
  summary: (query: Record<string, string>) => ['incidents', 'summary', query] as const,
  detail: (id: string) => ['incidents', 'detail', id] as const,
  alerts: (id: string) => ['incidents', 'alerts', id] as const,
  /** Under the incident's key, so a change to the incident refetches what it sent. */
  notifications: (id: string) => ['incidents', 'detail', id, 'notifications'] as const,
  services: ['services'] as const,
  users: ['users'] as const,
  adminKeys: ['admin', 'keys'] as const,
  adminUsers: ['admin', 'users'] as const,
  schedules: ['schedules'] as const,
  schedule: (id: string) => ['schedules', id] as const,
  shifts: (id: string, from: string, to: string) => ['schedules', id, 'shifts', from, to] as const,
  oncall: ['schedules', 'oncall'] as const,
  policies: ['escalation-policies'] as const,
  adminWebhooks: ['admin', 'webhooks'] as const,
  deliveries: (id: string) => ['admin', 'webhooks', id, 'deliveries'] as const,
}
