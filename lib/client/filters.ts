// The incidents view's filters: read from and written to the URL (so a view can be shared and
// survives reload), and turned into the API's list query. Pure, so the server page that prefills
// the first render derives exactly the query the browser will ask for.
import { ACTIVE_STATUSES, STATUSES, URGENCIES, type Status, type Urgency } from '@/lib/schemas/values'

export const PAGE_SIZE = 50

/**
 * The order the incidents view asks the API for, and how the page names it. The view, its
 * server-rendered first screen and the pager all read it from here, so changing the order (to
 * `{ sort: 'triage' }`, say) is this one edit.
 */
export const VIEW_ORDER: { query: Record<string, string>; caption: string } = {
  query: { sort: 'triage' },
  caption: 'open first, then acknowledged, snoozed and resolved; high urgency before low; newest first within each',
}

export interface Filters {
  /** null: the default view, every status that needs attention. */
  status: Status[] | 'all' | null
  service: string[]
  urgency: Urgency | null
  /** 'me', 'none' (unassigned) or a user id; null for anyone. */
  assignee: string | null
  q: string
  page: number
}

type Params = { get(name: string): string | null }

export function parseFilters(params: Params): Filters {
  const list = (name: string) =>
    (params.get(name) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
  const rawStatus = params.get('status')
  const statuses = list('status')
    .map((s) => s.toUpperCase())
    .filter((s): s is Status => (STATUSES as readonly string[]).includes(s))
  const urgency = params.get('urgency')?.toUpperCase()
  const page = Number(params.get('page'))
  return {
    status: rawStatus === 'all' ? 'all' : statuses.length ? STATUSES.filter((s) => statuses.includes(s)) : null,
    service: list('service'),
    urgency: (URGENCIES as readonly string[]).includes(urgency ?? '') ? (urgency as Urgency) : null,
    assignee: params.get('assignee')?.trim() || null,
    q: params.get('q')?.slice(0, 200) ?? '',
    page: Number.isInteger(page) && page > 1 ? page : 1,
  }
}

/** The URL's query string for a view; the default view is the bare path. */
export function filtersToSearch(f: Filters): string {
  const p = new URLSearchParams()
  if (f.status) p.set('status', f.status === 'all' ? 'all' : f.status.join(','))
  if (f.service.length) p.set('service', f.service.join(','))
  if (f.urgency) p.set('urgency', f.urgency)
  if (f.assignee) p.set('assignee', f.assignee)
  if (f.q.trim()) p.set('q', f.q.trim())
  if (f.page > 1) p.set('page', String(f.page))
  const s = p.toString().replace(/%2C/g, ',')
  return s ? `?${s}` : ''
}

export const effectiveStatuses = (f: Filters): readonly Status[] => (f.status === 'all' ? STATUSES : (f.status ?? ACTIVE_STATUSES))

/** Filters shared by the list and the per-status counts (everything but status and paging). */
export function baseQuery(f: Filters, meId: string): Record<string, string> {
  const q: Record<string, string> = {}
  if (f.service.length) q.serviceId = f.service.join(',')
  if (f.urgency) q.urgency = f.urgency
  if (f.assignee) q.assigneeId = f.assignee === 'me' ? meId : f.assignee
  if (f.q.trim()) q.q = f.q.trim()
  return q
}

export function listQuery(f: Filters, meId: string): Record<string, string> {
  const q = { ...baseQuery(f, meId), ...VIEW_ORDER.query }
  if (f.status !== 'all') q.status = effectiveStatuses(f).join(',')
  q.limit = String(PAGE_SIZE)
  q.offset = String((f.page - 1) * PAGE_SIZE)
  return q
}
