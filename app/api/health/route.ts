import { route, methods } from '@/lib/api/route'
import { requireDatabaseAnswers } from '@/lib/db/health'
import { mailSettings } from '@/lib/env'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods(
  {
    // No credentials: load balancers ask this. 200 only once the database answers.
    GET: route({ scope: null }, async ({ db }) => {
      await requireDatabaseAnswers(db)
      return { body: { status: 'ok', email: mailSettings() ? 'on' : 'off' } }
    }),
  },
  null,
)
