import { describe, expect, it } from 'vitest'
import { KEY_SCOPES, ROLE_SCOPES, hasScope, isKeyScope, type Scope } from '@/lib/schemas/scopes'

describe('scopes', () => {
  it('a scope grants itself', () => {
    for (const s of [...KEY_SCOPES, 'admin'] as Scope[]) expect(hasScope([s], s)).toBe(true)
  })

  it('incidents:write implies incidents:read, not the other way round', () => {
    expect(hasScope(['incidents:write'], 'incidents:read')).toBe(true)
    expect(hasScope(['incidents:read'], 'incidents:write')).toBe(false)
  })

  it('events:write grants nothing but itself', () => {
    expect(hasScope(['events:write'], 'incidents:read')).toBe(false)
    expect(hasScope(['events:write'], 'incidents:write')).toBe(false)
    expect(hasScope(['events:write'], 'admin')).toBe(false)
  })

  it('no key scope grants admin', () => {
    expect(hasScope(KEY_SCOPES, 'admin')).toBe(false)
  })

  it('an empty set grants nothing', () => {
    expect(hasScope([], 'incidents:read')).toBe(false)
  })

  it('roles map to the contract: viewer reads, responder writes, admin also administers', () => {
    expect(hasScope(ROLE_SCOPES.viewer, 'incidents:read')).toBe(true)
    expect(hasScope(ROLE_SCOPES.viewer, 'incidents:write')).toBe(false)
    expect(hasScope(ROLE_SCOPES.responder, 'incidents:write')).toBe(true)
    expect(hasScope(ROLE_SCOPES.responder, 'admin')).toBe(false)
    expect(hasScope(ROLE_SCOPES.admin, 'admin')).toBe(true)
    expect(hasScope(ROLE_SCOPES.admin, 'incidents:write')).toBe(true)
  })

  it('key scope names are exact and lower case', () => {
    expect(isKeyScope('incidents:read')).toBe(true)
    expect(isKeyScope('INCIDENTS:READ')).toBe(false)
    expect(isKeyScope('incidents:read ')).toBe(false)
    expect(isKeyScope('admin')).toBe(false)
  })
})
