import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openApiDocument } from '@/lib/schemas/openapi'

import { ROOT } from '../support/app'

/** Every app/api/…/route.ts as an OpenAPI path: app/api/incidents/[id] → /api/incidents/{id}. */
function routePaths(dir = path.join(ROOT, 'app/api')): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name)
    // The catch-all only turns unknown /api paths into the contract's 404; it serves nothing.
    if (name.startsWith('[[...')) continue
    // A benchmark's constant answer (the framework's floor), not part of the API.
    if (name === 'floor') continue
    if (statSync(full).isDirectory()) out.push(...routePaths(full))
    else if (name === 'route.ts') {
      out.push('/' + path.relative(path.join(ROOT, 'app'), dir).split(path.sep).join('/').replace(/\[(\w+)\]/g, '{$1}'))
    }
  }
  return out
}

describe('OpenAPI document', () => {
  const doc = openApiDocument() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, { required?: string[] }> } }

  it('documents every API route the app serves', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(expect.arrayContaining(routePaths().sort()))
  })

  it('derives request shapes from the zod schemas the handlers enforce', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.schemas.CreateIncident.required).toEqual(['title', 'serviceId'])
    expect(doc.components.schemas.Incident.required).toContain('number')
  })

  it('offers every sort the list query accepts, triage included', () => {
    const list = (doc.paths['/api/incidents'] as { get: { parameters: { name: string; schema: { enum?: string[] } }[] } }).get
    expect(list.parameters.find((p) => p.name === 'sort')?.schema.enum).toEqual(['createdAt', 'updatedAt', 'triage'])
  })
})
