// What a database error means, for the layers above that must not know drivers' codes: which
// errors say the database is away, busy, or refused a row for a constraint.

interface DriverError {
  code?: string
  message?: string
  cause?: { code?: string }
  meta?: { driverAdapterError?: { cause?: { originalCode?: string } } }
  constraint?: string
  table?: string
  column?: string
  severity?: string
}

const codeOf = (e: unknown) => {
  const err = e as DriverError | undefined
  return err?.code ?? err?.cause?.code ?? ''
}

/** SQLITE_BUSY from better-sqlite3 itself, or as Prisma reports it ("Operation has timed out"). */
export function isSqliteBusy(e: unknown): boolean {
  const err = e as DriverError | undefined
  return (
    codeOf(e) === 'SQLITE_BUSY' ||
    /SQLITE_BUSY|database is locked/i.test(String(err?.message)) ||
    /^SQLITE_BUSY/.test(err?.meta?.driverAdapterError?.cause?.originalCode ?? '')
  )
}

/** A conflict worth running the transaction again for (not SQLITE_BUSY: see isSqliteBusy). */
export function isWriteConflict(e: unknown): boolean {
  // P2034: Prisma's "write conflict or deadlock"; 40001/40P01: PostgreSQL serialization / deadlock.
  return ['P2034', '40001', '40P01'].includes(codeOf(e))
}

/** PostgreSQL refused the statement and the session goes on (FATAL, say, ends the session). */
export function isRefusedStatement(e: unknown): boolean {
  return (e as DriverError | undefined)?.severity === 'ERROR'
}

/** The database cannot be reached, or holds its lock too long: a 503, not a 500. */
export function isDatabaseUnavailable(e: unknown): boolean {
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'P1001', 'P1002', 'P1017', '57P01', '57P03'].includes(codeOf(e)) ||
    /Can't reach database|Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(
      String((e as DriverError | undefined)?.message),
    ) ||
    isSqliteBusy(e)
  )
}

/** PostgreSQL refused a row for a foreign key (23503): which constraint. */
export function isForeignKeyViolation(e: unknown): { constraint?: string } | null {
  const err = e as DriverError | undefined
  return err?.code === '23503' ? { constraint: err.constraint } : null
}

/** PostgreSQL refused a NULL in a NOT NULL column (23502): where. */
export function isNotNullViolation(e: unknown): { table?: string; column?: string } | null {
  const err = e as DriverError | undefined
  return err?.code === '23502' ? { table: err.table, column: err.column } : null
}

/** A unique index refused a row (PostgreSQL 23505, SQLite's UNIQUE constraint). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as DriverError | undefined
  return (
    codeOf(e) === '23505' ||
    codeOf(e) === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key value violates unique constraint/i.test(String(err?.message))
  )
}
