// PostgreSQL: a statement the database refused must not cost its connection.
import type { Pool, QueryConfig, QueryResult } from 'pg'
import { isRefusedStatement } from './errors'

/**
 * Gives `pool` a `query` that keeps the connection when the database refused the statement.
 * pg-pool's own hands the connection back with the statement's error, and the pool closes every
 * connection given back with an error: each unique or foreign key violation, lost compare-and-set
 * or statement timeout outside a transaction cost a new connection, a server process and a login,
 * and in a burst of them the churn took both cores. Any other failure (the session ended, the
 * socket broke) still closes the connection. For the plain statements and Prisma's adapter alike,
 * which call it with promises, never a callback.
 */
export function keepConnectionsOnRefusal(pool: Pool): void {
  pool.query = ((config: string | QueryConfig, values?: unknown[]) =>
    new Promise<QueryResult>((resolve, reject) => {
      // The callback form, as pg-pool's own query: a bare connect() is how lib/db/client.ts lets a
      // transaction claim its connection.
      pool.connect((err, client, release) => {
        if (err || !client) return reject(err)
        // The connection failing mid-statement rejects the statement; the event needs a listener or it would end the process.
        const ignore = () => {}
        client.on('error', ignore)
        client.query(config as QueryConfig, values).then(
          (result) => (client.off('error', ignore), release(), resolve(result)),
          (e) => (client.off('error', ignore), release(isRefusedStatement(e) ? undefined : e), reject(e)),
        )
      })
    })) as typeof pool.query
}
