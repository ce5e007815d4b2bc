import { route, methods } from '@/lib/api/route'
import { scheduleShifts } from '@/lib/oncall/oncall'
import { shiftsQuerySchema } from '@/lib/schemas/schedules'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read', query: shiftsQuerySchema }, async ({ db, params, query }) => ({
    body: await scheduleShifts(db, params.id, query.from, query.to),
  })),
})
