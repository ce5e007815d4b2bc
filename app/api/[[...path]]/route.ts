import { route } from '@/lib/api/route'
import { AppError } from '@/lib/errors'

export const dynamic = 'force-dynamic'

// Any /api path no route serves (including ones that normalise to /api, like /api/x/..) gets the
// contract's JSON 404, never Next's HTML page.
const noSuchEndpoint = route({ scope: null }, async () => {
  throw new AppError('NOT_FOUND', 'no such endpoint; see /api/openapi.json')
})

export { noSuchEndpoint as GET, noSuchEndpoint as POST, noSuchEndpoint as PUT, noSuchEndpoint as PATCH, noSuchEndpoint as DELETE }
