// What the API lane (apiLane.ts) serves: the API's writes, by method and path. A path segment in
// brackets is a parameter, matched as Next's dynamic segments are (one segment, percent-decoded),
// except for the names Next serves by a static route beside it.
import type { RoutedHandler } from '@/lib/api/route'
import { alertmanagerEvents, genericEvents, pagerDutyEvents } from '@/lib/api/endpoints/events'
import { addNoteRoute, bulkUpdateRoute, createIncidentRoute, updateIncidentRoute } from '@/lib/api/endpoints/incidents'

export type LaneHandler = RoutedHandler

interface LaneRoute {
  method: 'POST' | 'PATCH'
  path: string
  handler: LaneHandler
}

export const LANE_ROUTES: readonly LaneRoute[] = [
  { method: 'POST', path: '/api/events', handler: pagerDutyEvents },
  { method: 'POST', path: '/api/events/alertmanager', handler: alertmanagerEvents },
  { method: 'POST', path: '/api/events/generic', handler: genericEvents },
  { method: 'POST', path: '/api/incidents', handler: createIncidentRoute },
  { method: 'POST', path: '/api/incidents/bulk', handler: bulkUpdateRoute },
  { method: 'PATCH', path: '/api/incidents/[id]', handler: updateIncidentRoute },
  { method: 'POST', path: '/api/incidents/[id]/notes', handler: addNoteRoute },
]

/**
 * Per parent path, the static routes (app/api/…) beside its dynamic segment: `/api/incidents/bulk`
 * is the bulk route, never the incident "bulk". A test holds this to the app's folders.
 */
export const STATIC_BESIDE_PARAMS: Readonly<Record<string, readonly string[]>> = {
  '/api/incidents': ['bulk', 'stream', 'summary'],
}

const compiled = LANE_ROUTES.map((r) => ({ ...r, segments: r.path.split('/') }))

/** The lane's handler for `method` and `url` (query string ignored), with its parameters; null: Next's. */
export function matchLane(method: string, url: string): { handler: LaneHandler; params: Record<string, string> } | null {
  const q = url.search(/[?#]/)
  const segments = (q === -1 ? url : url.slice(0, q)).split('/')
  next: for (const r of compiled) {
    if (r.method !== method || r.segments.length !== segments.length) continue
    const params: Record<string, string> = {}
    for (let i = 0; i < segments.length; i++) {
      const pattern = r.segments[i]!
      const segment = segments[i]!
      if (!pattern.startsWith('[')) {
        if (pattern !== segment) continue next
        continue
      }
      let value: string
      try {
        value = decodeURIComponent(segment)
      } catch {
        continue next
      }
      if (!segment || STATIC_BESIDE_PARAMS[r.segments.slice(0, i).join('/')]?.includes(value)) continue next
      params[pattern.slice(1, -1)] = value
    }
    return { handler: r.handler, params }
  }
  return null
}
