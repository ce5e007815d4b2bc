import path from 'node:path'
import { env } from '@/lib/env'

export type Provider = 'sqlite' | 'postgresql'

/** The project root: where `data/`, `prisma/migrations/` live. Servers and the CLI run from it. */
export const projectRoot = () => env().APP_ROOT ?? process.cwd()

export const DEFAULT_SQLITE_FILE = 'data/incidents.db'

export interface DatabaseTarget {
  provider: Provider
  /** postgresql: the connection string; sqlite: an absolute file path (or ":memory:"). */
  url: string
}

/**
 * DATABASE_URL, as the contract reads it: unset → data/incidents.db; `file:PATH` → a SQLite file
 * (relative paths resolve against the project root, not the working directory); `postgres(ql)://`
 * → PostgreSQL. Anything else is refused rather than guessed.
 */
export function resolveDatabaseUrl(raw = env().DATABASE_URL): DatabaseTarget {
  const value = raw?.trim()
  if (!value) return { provider: 'sqlite', url: path.join(projectRoot(), DEFAULT_SQLITE_FILE) }
  if (/^postgres(ql)?:\/\//i.test(value)) return { provider: 'postgresql', url: value }
  if (value.startsWith('file:')) {
    const file = value.slice('file:'.length)
    if (!file) throw new Error('DATABASE_URL "file:" needs a path')
    if (file === ':memory:') return { provider: 'sqlite', url: file }
    return { provider: 'sqlite', url: path.resolve(projectRoot(), file) }
  }
  throw new Error('DATABASE_URL must be unset, file:PATH or postgresql://… (got an unrecognised value)')
}

/** A URL safe to print: the password is replaced. */
export function describeTarget(t: DatabaseTarget): string {
  if (t.provider === 'sqlite') return `SQLite ${t.url}`
  try {
    const u = new URL(t.url)
    if (u.password) u.password = '***'
    return `PostgreSQL ${u.host}${u.pathname}`
  } catch {
    return 'PostgreSQL'
  }
}
