// Which databases a system test runs on, and clean-up after a file's tests. `npm test` starts a
// throwaway PostgreSQL and sets TEST_POSTGRES_URL; SKIP_POSTGRES=1 runs on SQLite alone.
import { afterAll } from 'vitest'
import type { Provider } from '@/lib/db/config'

/** The PostgreSQL server the tests may create databases on; throws unless it is set or skipped. */
export function postgresServer(): string | undefined {
  const url = process.env.TEST_POSTGRES_URL
  if (!url && process.env.SKIP_POSTGRES !== '1') {
    throw new Error('TEST_POSTGRES_URL is not set (npm test starts a throwaway server; SKIP_POSTGRES=1 skips PostgreSQL)')
  }
  return url
}

export const providersUnderTest = (): Provider[] => (postgresServer() ? ['sqlite', 'postgresql'] : ['sqlite'])

/** Registers clean-ups to run after the file's tests, the last registered first. */
export function cleanupAfterAll(): (fn: () => unknown) => void {
  const cleanups: Array<() => unknown> = []
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c()
  })
  return (fn) => {
    cleanups.push(fn)
  }
}
