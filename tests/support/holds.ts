// Holds a server's create at a known point inside its transaction, so a test can kill the server
// while the create is in flight without racing a timer. Test-only: nothing in the app knows of it.
//
// PostgreSQL: a trigger on the incident insert waits for an advisory lock the test holds, so the
// create stops there with its Idempotency-Key claimed; the test sees the wait in pg_locks.
// SQLite: the test holds the database's write lock, so the create's transaction stops at its first
// write; better-sqlite3 waits synchronously, so the server stops answering until it gets the lock.
import type { Provider } from '@/lib/db/config'
import { resolveDatabaseUrl } from '@/lib/db/config'

export interface Hold {
  /** Resolves once a create is held (rejects if none is within `timeoutMs`). */
  held(timeoutMs?: number): Promise<void>
  /** Lets held creates go on, and removes the hold. */
  release(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The advisory lock the hold waits on (a key of its own, apart from the app's locks). */
const HOLD_LOCK = 0x4f1d

async function holdPostgres(databaseUrl: string, marker: string): Promise<Hold> {
  const { default: pg } = await import('pg')
  const c = new pg.Client({ connectionString: databaseUrl })
  await c.connect()
  await c.query(`SELECT pg_advisory_lock(${HOLD_LOCK})`)
  await c.query(`CREATE OR REPLACE FUNCTION test_hold_create() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_advisory_xact_lock(${HOLD_LOCK}); RETURN NEW; END $$`)
  await c.query(`CREATE TRIGGER test_hold_create BEFORE INSERT ON "Incident" FOR EACH ROW
    WHEN (strpos(NEW."title", ${pg.escapeLiteral(marker)}) > 0) EXECUTE FUNCTION test_hold_create()`)
  return {
    async held(timeoutMs = 15_000) {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(20)) {
        const { rows } = await c.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          [HOLD_LOCK],
        )
        if (rows.length) return
      }
      throw new Error('no create reached the hold')
    },
    async release() {
      // The lock first: dropping the trigger waits for the held creates' transactions, which
      // wait for this lock, and PostgreSQL would end one side of that cycle as a deadlock.
      await c.query(`SELECT pg_advisory_unlock(${HOLD_LOCK})`)
      await c.query('DROP TRIGGER IF EXISTS test_hold_create ON "Incident"')
      await c.end()
    },
  }
}

async function holdSqlite(databaseUrl: string, baseUrl: string): Promise<Hold> {
  const { default: Database } = await import('better-sqlite3')
  const c = new Database(resolveDatabaseUrl(databaseUrl).url)
  c.prepare('BEGIN IMMEDIATE').run()
  return {
    async held(timeoutMs = 15_000) {
      // The server's one thread waits for the write lock: its health check stops answering.
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(20)) {
        const answered = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(1_000) }).then(
          () => true,
          () => false,
        )
        if (!answered) return
      }
      throw new Error('no create reached the hold')
    },
    async release() {
      c.prepare('ROLLBACK').run()
      c.close()
    },
  }
}

/**
 * Holds creates whose title contains `marker` (PostgreSQL) or every write (SQLite) on the database
 * of the server at `baseUrl`, until `release`.
 */
export function holdCreates(provider: Provider, databaseUrl: string, baseUrl: string, marker: string): Promise<Hold> {
  return provider === 'postgresql' ? holdPostgres(databaseUrl, marker) : holdSqlite(databaseUrl, baseUrl)
}
