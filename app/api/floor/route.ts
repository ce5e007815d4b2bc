// The framework's floor for benchmarks: POST answers a constant with no wrapper, no database and
// no credentials, so a bench can tell Next's own request handling from the app's
// (docs/performance.md, "Alert storm"). It reveals and changes nothing; other methods get the
// contract's 405.
import { methods } from '@/lib/api/route'

export const dynamic = 'force-dynamic'

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: async () => Response.json({ status: 'ok' }, { status: 202 }) }, null)
