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
    .transform((v, ctx) => {
      const origins: string[] = []
      for (const entry of (v ?? '').split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean)) {
        // A value that is not an origin (a path, a query, no scheme) is refused rather than half-believed.
        const url = URL.canParse(entry) ? new URL(entry) : null
        if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== entry) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" is not an origin (scheme, host and port only, e.g. https://incidents.example.com)` })
          return z.NEVER
        }
        origins.push(url.origin)
      }
      return origins
    })
    .describe("the app's public origins, comma-separated; required in production, the one a request came to in development"),
  COOKIE_SECURE: z
    .enum(['', '0', '1'])
    .optional()
    .transform((v) => v === '1')
    .describe('1: mark the session cookie Secure although the app is reached over HTTP (a proxy terminates TLS)'),
  RATE_LIMIT_READS_PER_MINUTE: number(600).describe('reads per credential per minute (0: no limit)'),
  RATE_LIMIT_WRITES_PER_MINUTE: number(120).describe('writes per credential per minute (0: no limit)'),
  RATE_LIMIT_EVENTS_PER_MINUTE: number(6000).describe('ingested events per integration key per minute (0: no limit)'),
  RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: number(60).describe('failed authentications per address per minute (0: no limit)'),
  LOGIN_FAILURES_PER_ACCOUNT: number(5).describe('failed sign-ins per (account, address) per 15 minutes (0: no limit)'),
  LOGIN_FAILURES_PER_ADDRESS: number(20).describe('failed sign-ins per address per 15 minutes (0: no limit)'),
  READ_CACHE_ENTRIES: number(200).describe('list and summary answers kept per process (0: none)'),
  CHANGE_POLL_MS: number(1_000, 1).describe('how often an instance with open live views looks for changes'),
  SWEEP_INTERVAL_MS: number(5_000, 1).describe('how often snoozes that ran out are woken and expired records swept'),
  STREAMS_PER_CREDENTIAL: number(10).describe('live streams one key or user may hold open per instance'),
  STREAM_RECHECK_MS: number(5_000, 100).describe('how often open live streams check that their credential still works'),
  BODY_TIMEOUT_MS: number(10_000, 1).describe('how long a request body may take to arrive'),
  KEEP_ALIVE_TIMEOUT_MS: number(65_000, 1).describe("how long an idle connection is kept open for the client's next request"),
  PASSWORD_HASHES_AT_ONCE: number(2, 1).describe('password hashes computed at the same time per process'),
  APP_URL: optionalText.describe("the dashboard's public address, for links in notifications (e.g. https://incidents.example.com)"),
  WEBHOOK_ALLOW_PRIVATE: z
    .enum(['', '0', '1'])
    .optional()
    .transform((v) => v === '1')
    .describe('1: webhooks may reach loopback, private and link-local addresses (tests, internal receivers)'),
  NOTIFY_POLL_MS: number(250, 1).describe('how often an instance looks for webhook messages that are due'),
  NOTIFY_LEASE_MS: number(60_000, 30_000).describe("how long a claimed message is its instance's alone: after a crash, how soon another instance retries it"),
  SHUTDOWN_TIMEOUT_MS: number(25_000).describe('how long a stopping server lets requests in flight finish'),
  SQLITE_MMAP_MB: number(2048, 0, true).describe('how much of the SQLite file is read through mmap'),
  DATABASE_POOL_SIZE: number(10, 1).describe('PostgreSQL connections per instance'),
  DATABASE_CONNECT_TIMEOUT_MS: number(5_000).describe('how long a request waits for a PostgreSQL connection, and each attempt of the notices connection'),
  DATABASE_STATEMENT_TIMEOUT_MS: number(15_000).describe('the longest a PostgreSQL statement may run'),
  BENCH_FLOOR_ROUTE: z
    .enum(['', '0', '1'])
    .optional()
    .transform((v) => v === '1')
    .describe("1: /api/floor answers a constant (GET and POST), the framework's floor for benchmarks; otherwise that path does not exist"),
  ESCALATION_SWEEP_MS: number(1_000, 1).describe('how often an instance fires the escalation steps that are due'),
  // Email (lib/notify): off unless SMTP_URL is set; then MAIL_FROM, ACK_LINK_SECRET and APP_URL (or
  // APP_ORIGIN) are required.
  SMTP_URL: optionalText
    .refine((v) => v === undefined || (URL.canParse(v) && ['smtp:', 'smtps:'].includes(new URL(v).protocol)), 'must be an smtp:// or smtps:// URL')
    .describe('the mail server, e.g. smtp://user:pass@mail.example.com:587 (smtps:// for TLS from the start); unset: email is off'),
  MAIL_FROM: optionalText.describe('the sender of notification emails, e.g. "Incidents <incidents@example.com>"'),
  ACK_LINK_SECRET: optionalText
    .refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters')
    .describe("the key that signs emails' one-click acknowledge links (at least 32 random characters, the same on every instance)"),
}).superRefine((v, ctx) => {
  if (!v.SMTP_URL) return
  if (!v.MAIL_FROM) ctx.addIssue({ code: 'custom', path: ['MAIL_FROM'], message: 'required when SMTP_URL is set' })
  if (!v.ACK_LINK_SECRET) ctx.addIssue({ code: 'custom', path: ['ACK_LINK_SECRET'], message: 'required when SMTP_URL is set' })
  // Every email links to the dashboard.
  if (!v.APP_URL && !v.APP_ORIGIN.length) ctx.addIssue({ code: 'custom', path: ['APP_URL'], message: 'required when SMTP_URL is set (or APP_ORIGIN)' })
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

/** Where links in messages point: APP_URL, else the first of the app's own origins. */
export function appUrl(): string | undefined {
  const { APP_URL, APP_ORIGIN } = env()
  return APP_URL ?? APP_ORIGIN[0]
}

/** The mail settings when email is on (SMTP_URL set), else null. */
export function mailSettings(): { smtpUrl: string; from: string; ackLinkSecret: string } | null {
  const { SMTP_URL, MAIL_FROM, ACK_LINK_SECRET } = env()
  return SMTP_URL && MAIL_FROM && ACK_LINK_SECRET ? { smtpUrl: SMTP_URL, from: MAIL_FROM, ackLinkSecret: ACK_LINK_SECRET } : null
}
