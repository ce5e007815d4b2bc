import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { priorityInput, statusInput, urgencyInput } from '@/lib/schemas/enums'
import { createIncidentSchema, listQuerySchema, updateIncidentSchema } from '@/lib/schemas/incidents'

const fields = (r: z.ZodSafeParseResult<unknown>) => (r.success ? [] : r.error.issues.map((i) => i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : '')))

describe('enums on input', () => {
  it('are case-insensitive and canonicalised to upper case', () => {
    expect(statusInput.parse('acknowledged')).toBe('ACKNOWLEDGED')
    expect(statusInput.parse('Snoozed')).toBe('SNOOZED')
    expect(urgencyInput.parse('low')).toBe('LOW')
    expect(priorityInput.parse('p2')).toBe('P2')
  })

  it('accept `triggered` (any case) as OPEN', () => {
    expect(statusInput.parse('triggered')).toBe('OPEN')
    expect(statusInput.parse('TRIGGERED')).toBe('OPEN')
  })

  it('refuse anything else', () => {
    for (const v of ['', 'closed', 'P6', 1, null]) expect(statusInput.safeParse(v).success, String(v)).toBe(false)
    expect(urgencyInput.safeParse('medium').success).toBe(false)
    expect(priorityInput.safeParse('P0').success).toBe(false)
    expect(urgencyInput.safeParse('triggered').success).toBe(false)
  })
})

describe('list query', () => {
  it('has the documented defaults', () => {
    expect(listQuerySchema.parse({})).toMatchObject({ limit: 50, offset: 0, sort: 'createdAt', order: 'desc' })
  })

  it('bounds limit to 1…200 and refuses non-integers', () => {
    expect(listQuerySchema.parse({ limit: '1' }).limit).toBe(1)
    expect(listQuerySchema.parse({ limit: '200' }).limit).toBe(200)
    for (const limit of ['0', '201', '-1', '1.5', '1e2', '', ' 7', 'abc', '99999999999']) {
      expect(fields(listQuerySchema.safeParse({ limit })), limit).toEqual(['limit'])
    }
  })

  it('bounds offset at 0 and refuses non-integers', () => {
    expect(listQuerySchema.parse({ offset: '0' }).offset).toBe(0)
    expect(listQuerySchema.parse({ offset: '1000' }).offset).toBe(1000)
    for (const offset of ['-1', '1.5', 'x']) expect(fields(listQuerySchema.safeParse({ offset })), offset).toEqual(['offset'])
  })

  it('reads comma-separated lists of statuses and service ids', () => {
    expect(listQuerySchema.parse({ status: 'open, Acknowledged,triggered' }).status).toEqual(['OPEN', 'ACKNOWLEDGED', 'OPEN'])
    expect(listQuerySchema.parse({ serviceId: 'svc_a,svc_b' }).serviceId).toEqual(['svc_a', 'svc_b'])
    expect(fields(listQuerySchema.safeParse({ status: 'OPEN,bogus' }))[0]).toMatch(/^status/)
    expect(fields(listQuerySchema.safeParse({ status: ',' }))).toEqual(['status'])
  })

  it('checks urgency, dates, sort and order', () => {
    expect(listQuerySchema.parse({ urgency: 'low' }).urgency).toBe('LOW')
    expect(listQuerySchema.parse({ createdAfter: '2024-01-15' }).createdAfter).toEqual(new Date('2024-01-15T00:00:00Z'))
    expect(listQuerySchema.parse({ createdAfter: '2024-01-15T10:30:00+02:00' }).createdAfter).toEqual(new Date('2024-01-15T08:30:00Z'))
    expect(listQuerySchema.parse({ sort: 'updatedAt', order: 'ASC' })).toMatchObject({ sort: 'updatedAt', order: 'asc' })
    expect(fields(listQuerySchema.safeParse({ urgency: 'medium' }))).toEqual(['urgency'])
    expect(fields(listQuerySchema.safeParse({ createdAfter: 'yesterday' }))).toEqual(['createdAfter'])
    expect(fields(listQuerySchema.safeParse({ createdBefore: '2024-13-45' }))).toEqual(['createdBefore'])
    expect(fields(listQuerySchema.safeParse({ createdBefore: '2024-02-30' }))).toEqual(['createdBefore'])
    expect(fields(listQuerySchema.safeParse({ createdAfter: '2023-02-29T10:00:00Z' }))).toEqual(['createdAfter'])
    expect(listQuerySchema.parse({ createdAfter: '2024-02-29T10:00:00Z' }).createdAfter).toEqual(new Date('2024-02-29T10:00:00Z'))
    expect(fields(listQuerySchema.safeParse({ sort: 'title' }))).toEqual(['sort'])
    expect(fields(listQuerySchema.safeParse({ order: 'up' }))).toEqual(['order'])
  })

  it('ignores unknown parameters', () => {
    expect(listQuerySchema.safeParse({ foo: 'bar', limit: '5' }).success).toBe(true)
  })
})

describe('create body', () => {
  const ok = { title: 'x', serviceId: 'svc_1' }

  it('trims the title and defaults urgency to HIGH', () => {
    expect(createIncidentSchema.parse({ ...ok, title: '  Database timeout  ' })).toMatchObject({ title: 'Database timeout', urgency: 'HIGH' })
  })

  it('requires title and serviceId', () => {
    expect(fields(createIncidentSchema.safeParse({}))).toEqual(expect.arrayContaining(['title', 'serviceId']))
    expect(fields(createIncidentSchema.safeParse({ ...ok, title: '   ' }))).toEqual(['title'])
  })

  it('limits title to 255 and description to 10 000 characters', () => {
    expect(createIncidentSchema.safeParse({ ...ok, title: 'a'.repeat(255) }).success).toBe(true)
    expect(fields(createIncidentSchema.safeParse({ ...ok, title: 'a'.repeat(256) }))).toEqual(['title'])
    expect(createIncidentSchema.safeParse({ ...ok, description: 'a'.repeat(10_000) }).success).toBe(true)
    expect(fields(createIncidentSchema.safeParse({ ...ok, description: 'a'.repeat(10_001) }))).toEqual(['description'])
  })

  it('is strict: unknown fields are refused', () => {
    const r = createIncidentSchema.safeParse({ ...ok, id: 'inc_x', createdAt: '2020-01-01' })
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['id', 'createdAt'] })
  })

  it('checks the type of every field', () => {
    expect(fields(createIncidentSchema.safeParse({ ...ok, title: 5 }))).toEqual(['title'])
    expect(fields(createIncidentSchema.safeParse({ ...ok, urgency: 'medium' }))).toEqual(['urgency'])
    expect(fields(createIncidentSchema.safeParse({ ...ok, priority: 'P9' }))).toEqual(['priority'])
    expect(fields(createIncidentSchema.safeParse({ ...ok, assigneeId: 3 }))).toEqual(['assigneeId'])
  })
})

describe('update body', () => {
  it('needs at least one field', () => {
    expect(updateIncidentSchema.safeParse({}).success).toBe(false)
  })

  it('allows snoozeMinutes only with status SNOOZED, within 1…10080', () => {
    expect(updateIncidentSchema.safeParse({ status: 'snoozed', snoozeMinutes: 1 }).success).toBe(true)
    expect(updateIncidentSchema.safeParse({ status: 'SNOOZED', snoozeMinutes: 10_080 }).success).toBe(true)
    expect(fields(updateIncidentSchema.safeParse({ snoozeMinutes: 5 }))).toEqual(['snoozeMinutes'])
    expect(fields(updateIncidentSchema.safeParse({ status: 'OPEN', snoozeMinutes: 5 }))).toEqual(['snoozeMinutes'])
    for (const m of [0, 10_081, 1.5, '5']) {
      expect(fields(updateIncidentSchema.safeParse({ status: 'SNOOZED', snoozeMinutes: m })), String(m)).toContain('snoozeMinutes')
    }
  })

  it('unassigns with null or ""', () => {
    expect(updateIncidentSchema.parse({ assigneeId: '' }).assigneeId).toBeNull()
    expect(updateIncidentSchema.parse({ assigneeId: null }).assigneeId).toBeNull()
    expect(updateIncidentSchema.parse({ assigneeId: 'usr_1' }).assigneeId).toBe('usr_1')
  })

  it('clears priority with null and takes enums in any case', () => {
    expect(updateIncidentSchema.parse({ priority: null }).priority).toBeNull()
    expect(updateIncidentSchema.parse({ status: 'triggered', urgency: 'low', priority: 'p5' })).toMatchObject({ status: 'OPEN', urgency: 'LOW', priority: 'P5' })
  })

  it('is strict', () => {
    expect(updateIncidentSchema.safeParse({ status: 'OPEN', number: 7 }).success).toBe(false)
    expect(updateIncidentSchema.safeParse({ acknowledgedAt: null }).success).toBe(false)
  })
})
