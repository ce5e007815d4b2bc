import { route, methods } from '@/lib/api/route'
import { deleteSchedule, getSchedule, updateSchedule } from '@/lib/oncall/schedules'
import { updateScheduleSchema } from '@/lib/schemas/schedules'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db, params }) => ({ body: await getSchedule(db, params.id) })),

  PATCH: route({ scope: 'admin', body: updateScheduleSchema }, async ({ db, params, body }) => ({ body: await updateSchedule(db, params.id, body) })),

  DELETE: route({ scope: 'admin' }, async ({ db, params }) => {
    await deleteSchedule(db, params.id)
    return { status: 204 }
  }),
})
