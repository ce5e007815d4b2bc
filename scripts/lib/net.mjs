import { createServer } from 'node:net'

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now, for servers that tests, benchmarks
 * and the throwaway PostgreSQL start.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address())
      srv.close(() => resolve(port))
    })
  })
}
