import { route, methods } from '@/lib/api/route'
import { readAnalyticsCsv } from '@/lib/analytics/analytics'
import { analyticsCsvQuerySchema } from '@/lib/schemas/analytics'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  GET: route({ scope: 'incidents:read', query: analyticsCsvQuerySchema }, async ({ db, query }) => {
    const { csv, filename } = await readAnalyticsCsv(db, query)
    return new Response(csv, {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"` },
    })
  }),
})
