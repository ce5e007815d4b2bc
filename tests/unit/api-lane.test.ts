// Which requests the API lane takes before Next (lib/server/laneRoutes.ts): the API's writes by
// method and path, never a path Next serves by another route.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createIncidentRoute, updateIncidentRoute } from '@/lib/api/endpoints/incidents'
import { LANE_ROUTES, STATIC_BESIDE_PARAMS, matchLane } from '@/lib/server/laneRoutes'

describe('the API lane', () => {
  it('takes the writes, with their parameters percent-decoded, and ignores the query string', () => {
    expect(matchLane('POST', '/api/incidents?x=1')).toEqual({ handler: createIncidentRoute, params: {} })
    expect(matchLane('PATCH', '/api/incidents/inc_1')).toEqual({ handler: updateIncidentRoute, params: { id: 'inc_1' } })
    expect(matchLane('PATCH', '/api/incidents/a%20b')?.params).toEqual({ id: 'a b' })
    expect(matchLane('POST', '/api/incidents/inc_1/notes')?.params).toEqual({ id: 'inc_1' })
  })

  it('leaves to Next every other method, a trailing slash, an empty or undecodable segment and the reads', () => {
    for (const [method, url] of [
      ['GET', '/api/incidents'],
      ['GET', '/api/incidents/inc_1'],
      ['PUT', '/api/incidents/inc_1'],
      ['POST', '/api/incidents/'],
      ['PATCH', '/api/incidents/'],
      ['PATCH', '/api/incidents/%E0%A4'],
      ['POST', '/api/incidents/inc_1/notes/'],
      ['GET', '/api/events'],
      ['POST', '/api/eventsx'],
    ]) expect(matchLane(method, url), `${method} ${url}`).toBeNull()
  })

  it('never reads a static route beside a parameter as that parameter', () => {
    for (const name of ['bulk', 'stream', 'summary']) expect(matchLane('PATCH', `/api/incidents/${name}`), name).toBeNull()
    expect(matchLane('POST', '/api/incidents/bulk')?.handler).toBe(LANE_ROUTES.find((r) => r.path === '/api/incidents/bulk')!.handler)
  })

  it('knows every static route the app has beside each parameter it matches', () => {
    const parents = new Set(LANE_ROUTES.flatMap((r) => {
      const segments = r.path.split('/')
      const i = segments.findIndex((s) => s.startsWith('['))
      return i === -1 ? [] : [segments.slice(0, i).join('/')]
    }))
    for (const parent of parents) {
      const dir = path.join(process.cwd(), 'app', parent)
      const statics = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('[')).map((d) => d.name)
      expect([...(STATIC_BESIDE_PARAMS[parent] ?? [])].sort(), parent).toEqual(statics.sort())
    }
  })
})
