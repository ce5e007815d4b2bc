// Stopping a server process cleanly. `next start` already does the graceful part on SIGTERM and
// SIGINT (checked in Next 16.4, server/lib/start-server.js): it stops accepting connections,
// waits for in-flight requests to finish, then exits with 128 + the signal number. Added here:
// background work and open event streams end at once (a stream would otherwise hold the stop
// until the timeout), a stop that was asked for exits 0 (supervisors and CI read a non-zero code
// as a crash), and a request that never finishes cannot hold the stop forever.
import { env } from '@/lib/env'
import { log } from '@/lib/log'

const SIGNAL_EXIT = { SIGTERM: 143, SIGINT: 130 } as const
type StopSignal = keyof typeof SIGNAL_EXIT

// On globalThis: Next bundles instrumentation and each route apart, so this module can be loaded
// more than once in one process, and a route's hooks must reach the handler the server installed.
interface State {
  stopping: StopSignal | null
  hooks: Set<() => void>
  installed: boolean
}
const g = globalThis as unknown as { __incidentConsoleShutdown?: State }
const state = (g.__incidentConsoleShutdown ??= { stopping: null, hooks: new Set(), installed: false })

/**
 * Runs `fn` as soon as a stop is asked for, before in-flight requests have finished (at once if
 * one already was). Returns a function that forgets `fn`.
 */
export function whenStopping(fn: () => void): () => void {
  if (state.stopping) {
    fn()
    return () => {}
  }
  state.hooks.add(fn)
  return () => state.hooks.delete(fn)
}

export function installGracefulShutdown(timeoutMs = env().SHUTDOWN_TIMEOUT_MS) {
  if (state.installed) return
  state.installed = true
  for (const signal of Object.keys(SIGNAL_EXIT) as StopSignal[]) {
    process.on(signal, () => {
      if (state.stopping) return
      state.stopping = signal
      log('info', 'stopping: finishing in-flight requests', { signal, timeoutMs })
      for (const fn of state.hooks) {
        try {
          fn()
        } catch {
          // one hook failing must not keep the others from running
        }
      }
      state.hooks.clear()
      setTimeout(() => {
        log('error', 'stopping: requests still running after the shutdown timeout; exiting anyway', { timeoutMs })
        process.exit(1)
      }, timeoutMs).unref()
    })
  }
  // Next ends with process.exit(128 + signal) once the last request is answered. An exit listener
  // may still change the code (Node reads process.exitCode after emitting 'exit').
  process.on('exit', (code) => {
    if (state.stopping && code === SIGNAL_EXIT[state.stopping]) {
      process.exitCode = 0
      log('info', 'stopped', { signal: state.stopping })
    }
  })
}
