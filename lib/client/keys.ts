// React Query keys, in one place so invalidation reaches every view of the same data.
export const qk = {
  incidents: ['incidents'] as const,
  list: (query: Record<string, string>) => ['incidents', 'list', query] as const,
  summary: (query: Record<string, string>) => ['incidents', 'summary', query] as const,
  detail: (id: string) => ['incidents', 'detail', id] as const,
  alerts: (id: string) => ['incidents', 'alerts', id] as const,
  services: ['services'] as const,
  users: ['users'] as const,
  adminKeys: ['admin', 'keys'] as const,
  adminUsers: ['admin', 'users'] as const,
}
