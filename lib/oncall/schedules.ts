// Schedules: create, list, read, change, delete. The API routes and `ops schedules` call these.
import type { Db } from '@/lib/db/client'
import { AppError, notFound, type FieldError } from '@/lib/errors'
import { MAX_ID_LENGTH, newId } from '@/lib/ids'
import type { CreateScheduleInput, LayerInput, OverrideInput, Schedule, UpdateScheduleInput } from '@/lib/schemas/schedules'
import type { Rotation, ScheduleSpec } from './rules/shifts'
import { policiesUsingSchedule } from '@/lib/escalation/usage'
import * as store from './store/schedules'

export function toSchedule(r: store.ScheduleRow): Schedule {
  return {
    id: r.id,
    name: r.name,
    timeZone: r.timeZone,
    layers: r.layers.map((l) => ({
      name: l.name,
      start: l.start.toISOString(),
      rotation: l.rotation as Rotation,
      lengthHours: l.lengthHours,
      handoffTime: l.handoffTime,
      users: l.users.map((u) => u.userId),
    })),
    overrides: r.overrides.map((o) => ({ id: o.id, userId: o.userId, start: o.start.toISOString(), end: o.end.toISOString() })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }
}

const person = (u: { id: string; name: string; email: string; disabledAt: Date | null }) => ({ id: u.id, name: u.name, email: u.email, disabled: u.disabledAt !== null })

/** A stored schedule as the shift computation takes it (with whether each person is disabled). */
export function toSpec(r: store.ScheduleRow): ScheduleSpec {
  return {
    timeZone: r.timeZone,
    layers: r.layers.map((l) => ({
      start: l.start,
      rotation: l.rotation as Rotation,
      lengthHours: l.lengthHours,
      handoffTime: l.handoffTime,
      users: l.users.map((u) => person(u.user)),
    })),
    overrides: r.overrides.map((o) => ({ start: o.start, end: o.end, user: person(o.user) })),
  }
}

/** Every user a schedule names must exist and be enabled (422 naming the first that is not). */
async function checkUsers(db: Db, layers: LayerInput[] | undefined, overrides: OverrideInput[] | undefined): Promise<void> {
  const refs: { field: string; id: string }[] = []
  layers?.forEach((l, i) => l.users.forEach((id, j) => refs.push({ field: `layers[${i}].users[${j}]`, id })))
  overrides?.forEach((o, i) => refs.push({ field: `overrides[${i}].userId`, id: o.userId }))
  if (refs.length === 0) return
  const found = new Map((await store.findUsers(db, [...new Set(refs.map((r) => r.id))])).map((u) => [u.id, u]))
  const details: FieldError[] = []
  for (const r of refs) {
    const u = found.get(r.id)
    if (!u) details.push({ field: r.field, message: `no user with id ${r.id}` })
    else if (u.disabledAt) details.push({ field: r.field, message: `user ${r.id} is disabled` })
  }
  if (details.length) throw new AppError('VALIDATION_ERROR', `${details[0].field}: ${details[0].message}`, details)
}

const layerData = (layers: LayerInput[]): store.LayerData[] =>
  layers.map((l, i) => ({
    id: newId('lyr'),
    name: l.name ?? `Layer ${i + 1}`,
    start: l.start,
    rotation: l.rotation,
    lengthHours: l.lengthHours ?? null,
    handoffTime: l.handoffTime,
    userIds: l.users,
  }))

const overrideData = (overrides: OverrideInput[]): store.OverrideData[] => overrides.map((o) => ({ id: newId('ovr'), userId: o.userId, start: o.start, end: o.end }))

async function load(db: Db, id: string): Promise<store.ScheduleRow> {
  const row = id && id.length <= MAX_ID_LENGTH ? await store.findSchedule(db, id) : null
  if (!row) throw notFound('schedule')
  return row
}

export async function createSchedule(db: Db, input: CreateScheduleInput, now = new Date()): Promise<Schedule> {
  await checkUsers(db, input.layers, input.overrides)
  const id = newId('sch')
  await store.insertSchedule(db, { id, name: input.name, timeZone: input.timeZone, createdAt: now, updatedAt: now }, layerData(input.layers), overrideData(input.overrides))
  return toSchedule(await load(db, id))
}

export const listSchedules = async (db: Db): Promise<Schedule[]> => (await store.listSchedules(db)).map(toSchedule)

export const getSchedule = async (db: Db, id: string): Promise<Schedule> => toSchedule(await load(db, id))

export async function updateSchedule(db: Db, id: string, input: UpdateScheduleInput, now = new Date()): Promise<Schedule> {
  await load(db, id)
  await checkUsers(db, input.layers, input.overrides)
  const saved = await store.saveSchedule(
    db,
    id,
    { name: input.name, timeZone: input.timeZone, updatedAt: now },
    input.layers && layerData(input.layers),
    input.overrides && overrideData(input.overrides),
  )
  if (!saved) throw notFound('schedule')
  return toSchedule(await load(db, id))
}

export async function deleteSchedule(db: Db, id: string): Promise<void> {
  await load(db, id)
  const using = await policiesUsingSchedule(db, id)
  if (using.length) throw new AppError('CONFLICT', `escalation policy "${using[0].name}" pages through this schedule: change its steps first`)
  await store.deleteSchedule(db, id)
}

/** The stored schedule, ready for the shift computation (404 when unknown). */
export async function loadSpec(db: Db, id: string): Promise<{ row: store.ScheduleRow; spec: ScheduleSpec }> {
  const row = await load(db, id)
  return { row, spec: toSpec(row) }
}
