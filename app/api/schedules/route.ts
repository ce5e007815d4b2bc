import { route, methods } from '@/lib/api/route'
import { createSchedule, listSchedules } from '@/lib/oncall/schedules'
import { createScheduleSchema } from '@/lib/schemas/schedules'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read' }, async ({ db }) => ({ body: { schedules: await listSchedules(db) } })),

  POST: route({ scope: 'admin', body: createScheduleSchema }, async ({ db, body }) => {
    const created = await createSchedule(db, body)
    return { status: 201, body: created, headers: { Location: `/api/schedules/${created.id}` } }
  }),
})
