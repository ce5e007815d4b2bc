// The on-call domain on both databases: schedules stored and read back whole, and whoIsOnCall —
// the entry point the escalation engine resolves `schedule` targets with.
import { describe, expect, it } from 'vitest'
import type { Db } from '@/lib/db/client'
import type { Provider } from '@/lib/db/config'
import { whoIsOnCall } from '@/lib/oncall/oncall'
import { createSchedule, deleteSchedule, getSchedule, updateSchedule } from '@/lib/oncall/schedules'
import { createScheduleSchema } from '@/lib/schemas/schedules'
import { freshDb as freshDbOf } from '../support/freshDb'
import { cleanupAfterAll, providersUnderTest } from '../support/providers'

const providers = providersUnderTest()
const cleanup = cleanupAfterAll()

const freshDb = (provider: Provider) => freshDbOf(provider, cleanup)

async function addUser(db: Db, id: string, disabled = false) {
  await db.transaction((tx) => tx.user.create({ data: { id, email: `${id}@example.com`, name: `Name ${id}`, role: 'responder', disabledAt: disabled ? new Date() : null } }))
}

describe.each(providers)('on-call store on %s', (provider) => {
  it('stores a schedule whole and answers who is on call, with disabled people as gaps', async () => {
    const db = await freshDb(provider)
    for (const id of ['usr_a', 'usr_b', 'usr_c']) await addUser(db, id)
    const input = createScheduleSchema.parse({
      name: 'Primary',
      timeZone: 'Europe/Berlin',
      layers: [
        { name: 'Days', start: '2026-06-01T07:00:00Z', rotation: 'daily', handoffTime: '09:00', users: ['usr_a', 'usr_b'] },
        { start: '2026-06-01T07:00:00Z', rotation: 'hours', lengthHours: 12, handoffTime: '21:00', users: ['usr_c', 'usr_c'] },
      ],
      overrides: [{ userId: 'usr_b', start: '2026-06-01T08:00:00Z', end: '2026-06-01T12:00:00+02:00' }],
    })
    const created = await createSchedule(db, input)
    expect(await getSchedule(db, created.id)).toEqual(created)
    expect(created.layers.map((l) => [l.name, l.users])).toEqual([
      ['Days', ['usr_a', 'usr_b']],
      ['Layer 2', ['usr_c', 'usr_c']],
    ])
    expect(created.overrides).toEqual([{ id: expect.stringMatching(/^ovr_/), userId: 'usr_b', start: '2026-06-01T08:00:00.000Z', end: '2026-06-01T10:00:00.000Z' }])

    const ask = (iso: string) => whoIsOnCall([created.id, 'sch_unknown'], new Date(iso), db)
    // The override: usr_b from 10:00 to 12:00 Berlin, over usr_a's day.
    expect((await ask('2026-06-01T09:00:00Z')).get(created.id)?.id).toBe('usr_b')
    // 20:00 Berlin: the 12-hour layer (on top) has usr_c from 09:00.
    expect((await ask('2026-06-01T18:00:00Z')).get(created.id)).toEqual({ id: 'usr_c', name: 'Name usr_c', email: 'usr_c@example.com' })
    expect((await ask('2026-06-01T18:00:00Z')).get('sch_unknown')).toBeNull()

    // Only the daily layer: usr_a on 1 June, usr_b from 09:00 on 2 June.
    await updateSchedule(db, created.id, { layers: [input.layers[0]], overrides: [] })
    expect((await ask('2026-06-01T18:00:00Z')).get(created.id)?.id).toBe('usr_a')
    expect((await ask('2026-06-02T08:00:00Z')).get(created.id)?.id).toBe('usr_b')

    await db.transaction((tx) => tx.user.update({ where: { id: 'usr_b' }, data: { disabledAt: new Date() } }))
    expect((await ask('2026-06-02T08:00:00Z')).get(created.id)).toBeNull()

    await deleteSchedule(db, created.id)
    expect((await ask('2026-06-01T18:00:00Z')).get(created.id)).toBeNull()
    expect(await db.read.scheduleLayerUser.count()).toBe(0)
  })

  it('refuses unknown and disabled users, naming the field', async () => {
    const db = await freshDb(provider)
    await addUser(db, 'usr_on')
    await addUser(db, 'usr_off', true)
    const input = createScheduleSchema.parse({
      name: 'X',
      timeZone: 'UTC',
      layers: [{ start: '2026-06-01T00:00:00Z', rotation: 'daily', handoffTime: '09:00', users: ['usr_on', 'usr_none'] }],
      overrides: [{ userId: 'usr_off', start: '2026-06-01T00:00:00Z', end: '2026-06-02T00:00:00Z' }],
    })
    await expect(createSchedule(db, input)).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
      details: [
        { field: 'layers[0].users[1]', message: 'no user with id usr_none' },
        { field: 'overrides[0].userId', message: 'user usr_off is disabled' },
      ],
    })
    expect(await db.read.schedule.count()).toBe(0)
  })
})
