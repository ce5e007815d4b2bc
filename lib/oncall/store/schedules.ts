// Schedules with their layers, layer members and overrides, through Prisma's model calls (admin
// traffic and small reads, not a hot path). Layers and overrides are replaced whole on change.
import type { Db, Prisma, Tx } from '@/lib/db/client'

const userSelect = { id: true, name: true, email: true, disabledAt: true } satisfies Prisma.UserSelect

const scheduleInclude = {
  layers: { orderBy: { position: 'asc' }, include: { users: { orderBy: { position: 'asc' }, include: { user: { select: userSelect } } } } },
  overrides: { orderBy: [{ start: 'asc' }, { id: 'asc' }], include: { user: { select: userSelect } } },
} satisfies Prisma.ScheduleInclude

export type ScheduleRow = NonNullable<Awaited<ReturnType<typeof findSchedule>>>

export interface LayerData {
  id: string
  name: string
  start: Date
  rotation: string
  lengthHours: number | null
  handoffTime: string
  userIds: string[]
}
export interface OverrideData {
  id: string
  userId: string
  start: Date
  end: Date
}

export const findSchedule = (db: Db, id: string) => db.read.schedule.findUnique({ where: { id }, include: scheduleInclude })

export const listSchedules = (db: Db, ids?: string[]) =>
  db.read.schedule.findMany({ where: ids ? { id: { in: ids } } : undefined, include: scheduleInclude, orderBy: [{ name: 'asc' }, { id: 'asc' }] })

/** Users by id: whether each exists and is enabled. */
export const findUsers = (db: Db, ids: string[]) => db.read.user.findMany({ where: { id: { in: ids } }, select: { id: true, disabledAt: true } })

async function writeParts(tx: Tx, scheduleId: string, layers: LayerData[] | undefined, overrides: OverrideData[] | undefined) {
  if (layers) {
    await tx.scheduleLayer.deleteMany({ where: { scheduleId } })
    for (const [position, { userIds, ...layer }] of layers.entries()) {
      await tx.scheduleLayer.create({ data: { ...layer, scheduleId, position } })
      await tx.scheduleLayerUser.createMany({ data: userIds.map((userId, i) => ({ layerId: layer.id, position: i, userId })) })
    }
  }
  if (overrides) {
    await tx.scheduleOverride.deleteMany({ where: { scheduleId } })
    await tx.scheduleOverride.createMany({ data: overrides.map((o) => ({ ...o, scheduleId })) })
  }
}

export const insertSchedule = (
  db: Db,
  schedule: { id: string; name: string; timeZone: string; createdAt: Date; updatedAt: Date },
  layers: LayerData[],
  overrides: OverrideData[],
) =>
  db.transaction(async (tx) => {
    await tx.schedule.create({ data: schedule })
    await writeParts(tx, schedule.id, layers, overrides)
  })

/** Changes a schedule; false when it no longer exists. */
export const saveSchedule = (
  db: Db,
  id: string,
  fields: { name?: string; timeZone?: string; updatedAt: Date },
  layers: LayerData[] | undefined,
  overrides: OverrideData[] | undefined,
) =>
  db.transaction(async (tx) => {
    const { count } = await tx.schedule.updateMany({ where: { id }, data: fields })
    if (count === 0) return false
    await writeParts(tx, id, layers, overrides)
    return true
  })

export const deleteSchedule = async (db: Db, id: string) => (await db.transaction((tx) => tx.schedule.deleteMany({ where: { id } }))).count > 0
