import { route, methods } from '@/lib/api/route'
import { AppError } from '@/lib/errors'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods(
  {
    // No credentials: load balancers ask this. 200 only once the database answers.
    GET: route({ scope: null }, async ({ db }) => {
      try {
        await db.read.$queryRawUnsafe('SELECT 1')
      } catch {
        throw new AppError('SERVICE_UNAVAILABLE', 'the database is not answering')
      }
      return { body: { status: 'ok' } }
    }),
  },
  null,
)
