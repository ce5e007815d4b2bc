// One JSON line per event on stdout. Never pass secrets here: API keys, passwords, cookies and
// request bodies are not logged anywhere in this codebase.
import { env } from '@/lib/env'

type Level = 'debug' | 'info' | 'warn' | 'error'
const ORDER: Record<Level | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }

function threshold(): number {
  return ORDER[env().LOG_LEVEL]
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  if (ORDER[level] < threshold()) return
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })
  if (level === 'error' || level === 'warn') process.stderr.write(line + '\n')
  else process.stdout.write(line + '\n')
}

/** What may be said about an unexpected error in a log line: its kind, never its stack or SQL. */
export function describeError(e: unknown): Record<string, unknown> {
  const err = e as { name?: string; code?: string; message?: string }
  const first = String(err?.message ?? e).split('\n')[0].slice(0, 200)
  return { errorName: err?.name, errorCode: err?.code, error: /select|insert|update|delete|from|where/i.test(first) ? 'database error' : first }
}
