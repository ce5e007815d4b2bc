// The server's settings from its environment, in one place: each variable's default and what it
// accepts are declared once, and a bad value stops the server at start with the variable named,
// instead of surfacing later as NaN somewhere. Read on first use, not at import, so a command
// line may set a default (LOG_LEVEL) before anything reads it. NODE_ENV and NEXT_RUNTIME are not
// here: Next replaces them in the code at build time.
import { z } from 'zod'

/** A whole number (or, with `fraction`, any number) at least `min`; unset or blank → `fallback`. */
const number = (fallback: number, min = 0, fraction = false) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? fallback : Number(v)))
    .pipe(fraction ? z.number().min(min) : z.int().min(min))

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined))

const schema = z.object({
  DATABASE_URL: optionalText.describe('unset → data/incidents.db; file:PATH → SQLite; postgresql://… → PostgreSQL'),
  APP_ROOT: optionalText.describe('the project root (data/, prisma/migrations/); the working directory when unset'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info').describe('the least severe log line written'),
  TRUST_PROXY: number(0).describe('how many proxies of ours stand in front of the app, each appending to X-Forwarded-For'),
  APP_ORIGIN: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean))
    .describe("the app's own origins, comma-separated; the one a request came to when unset"),
  COOKIE_SECURE: z
    .enum(['', '0', '1'])
    .optional()
    .transform((v) => v === '1')
    .describe('1: mark the session cookie Secure although the app is reached over HTTP (a proxy terminates TLS)'),
  RATE_LIMIT_READS_PER_MINUTE: number(600).describe('reads per credential per minute (0: no limit)'),
  RATE_LIMIT_WRITES_PER_MINUTE: number(120).describe('writes per credential per minute (0: no limit)'),
  RATE_LIMIT_EVENTS_PER_MINUTE: number(6000).describe('ingested events per integration key per minute (0: no limit)'),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: number(60).describe('failed authentications per address per minute (0: no limit)'),
  LOGIN_FAILURES_PER_ACCOUNT: number(5).describe('failed sign-ins per account per 15 minutes (0: no limit)'),
  LOGIN_FAILURES_PER_ADDRESS: number(20).describe('failed sign-ins per address per 15 minutes (0: no limit)'),
  IDEMPOTENCY_CLAIM_TTL_MS: number(30_000, 1).describe('how long a claimed Idempotency-Key waits for its answer'),
  READ_CACHE_ENTRIES: number(200).describe('list and summary answers kept per process (0: none)'),
  CHANGE_POLL_MS: number(1_000, 1).describe('how often an instance with open live views looks for changes'),
  SWEEP_INTERVAL_MS: number(5_000, 1).describe('how often snoozes that ran out are woken and expired records swept'),
  SHUTDOWN_TIMEOUT_MS: number(25_000).describe('how long a stopping server lets requests in flight finish'),
  SQLITE_MMAP_MB: number(2048, 0, true).describe('how much of the SQLite file is read through mmap'),
  DATABASE_POOL_SIZE: number(10, 1).describe('PostgreSQL connections per instance'),
  DATABASE_CONNECT_TIMEOUT_MS: number(5_000).describe('how long a request waits for a PostgreSQL connection'),
  DATABASE_STATEMENT_TIMEOUT_MS: number(15_000).describe('the longest a PostgreSQL statement may run'),
})

export type Env = z.output<typeof schema>

export class EnvError extends Error {}

let parsed: Env | undefined

/** The settings, parsed on the first call; throws EnvError naming every bad variable. */
export function env(): Env {
  if (parsed) return parsed
  const result = schema.safeParse(process.env)
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    throw new EnvError(`invalid environment: ${problems.join('; ')}`)
  }
  return (parsed = result.data)
}
