// Makes writes to one table fail inside the database, for rows matching a condition: a test-only
// trigger that aborts the statement (SQLite `RAISE(ABORT, …)`, PostgreSQL a plpgsql function that
// raises). The app knows nothing of it, so what it shows is what a real failure there would do.
import type { Db } from '@/lib/db/client'

export interface Fault {
  /** Removes the trigger. */
  disarm(): Promise<void>
}

let seq = 0

/**
 * Aborts every INSERT or UPDATE of `table` whose new row satisfies `when` (SQL over `NEW."column"`,
 * valid on both databases; no subqueries, which PostgreSQL refuses in a trigger's WHEN).
 */
export async function failWrites(db: Db, table: string, when: string): Promise<Fault> {
  const name = `test_fault_${++seq}_${process.pid}`
  const run = (sql: string) => db.transaction((tx) => tx.$executeRawUnsafe(sql))
  if (db.provider === 'postgresql') {
    await run(`CREATE OR REPLACE FUNCTION test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'test fault on %', TG_TABLE_NAME; END $$`)
    await run(`CREATE TRIGGER "${name}" BEFORE INSERT OR UPDATE ON "${table}" FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION test_fault()`)
    return { disarm: () => run(`DROP TRIGGER IF EXISTS "${name}" ON "${table}"`).then(() => {}) }
  }
  for (const op of ['INSERT', 'UPDATE']) {
    await run(`CREATE TRIGGER "${name}_${op}" BEFORE ${op} ON "${table}" FOR EACH ROW WHEN (${when})
      BEGIN SELECT RAISE(ABORT, 'test fault on ${table}'); END`)
  }
  return {
    disarm: async () => {
      for (const op of ['INSERT', 'UPDATE']) await run(`DROP TRIGGER IF EXISTS "${name}_${op}"`)
    },
  }
}

/** A string as an SQL literal (the values here are ids the app made). */
export const literal = (s: string) => `'${s.replaceAll("'", "''")}'`
