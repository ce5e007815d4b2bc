// The framework's floor for benchmarks (bench/storm.ts, docs/performance.md "Alert storm"): with
// BENCH_FLOOR_ROUTE=1, POST (202) and GET (200) answer a constant with no wrapper, no database and
// no credentials, so a bench can tell Next's own request handling from the app's. Without it the path answers 404 like
// any unknown one, so a production server has no such route.
import { methods, route, type NextHandler } from '@/lib/api/route'
import { env } from '@/lib/env'
import { notFound } from '@/lib/errors'

export const dynamic = 'force-dynamic'

const constant = async (status: number) => Response.json({ status: 'ok' }, { status })
const absent = route({ scope: null }, async () => {
  throw notFound('route')
})

const floor = (status: number): NextHandler => (...args) => (env().BENCH_FLOOR_ROUTE ? constant(status) : absent(...args))

export const { GET, POST, PUT, PATCH, DELETE } = methods({ GET: floor(200), POST: floor(202) }, null)
