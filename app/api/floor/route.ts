// The framework's floor for benchmarks (bench/storm.ts, docs/performance.md "Alert storm"): with
// BENCH_FLOOR_ROUTE=1, POST answers a constant with no wrapper, no database and no credentials, so a
// bench can tell Next's own request handling from the app's. Without it the path answers 404 like
// any unknown one, so a production server has no such route.
import { methods, route } from '@/lib/api/route'
import { env } from '@/lib/env'
import { notFound } from '@/lib/errors'

export const dynamic = 'force-dynamic'

const constant = async () => Response.json({ status: 'ok' }, { status: 202 })
const absent = route({ scope: null }, async () => {
  throw notFound('route')
})

export const { GET, POST, PUT, PATCH, DELETE } = methods({ POST: (...args) => (env().BENCH_FLOOR_ROUTE ? constant() : absent(...args)) }, null)
