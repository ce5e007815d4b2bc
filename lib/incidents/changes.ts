// "Something changed" notices for live views. One poller per process reads the change marker while
// anyone is listening, and tells every listener when it moves. Reading the database rather than
// hooking the commands means changes made by other instances, the CLI and the snooze sweeper are
// seen too.
import { env } from '@/lib/env'
import { describeError, log } from '@/lib/log'
import { changeMarker, type Db } from './store'

/** The change marker: it moves with every committed change (store/state.ts). */
export { changeMarker }

type Listener = (marker: string) => void

const listeners = new Set<Listener>()
let timer: ReturnType<typeof setInterval> | null = null
let last: string | null = null
let polling = false

async function poll(db: Db) {
  if (polling) return
  polling = true
  try {
    const marker = await changeMarker(db)
    if (last !== null && marker !== last) for (const l of listeners) l(marker)
    last = marker
  } catch (e) {
    log('warn', 'change poll failed', describeError(e))
  } finally {
    polling = false
  }
}

/** Calls `listener` after every change to any incident until the returned function is called. */
export function subscribeToChanges(db: Db, listener: Listener): () => void {
  listeners.add(listener)
  if (!timer) {
    last = null
    void poll(db)
    timer = setInterval(() => void poll(db), env().CHANGE_POLL_MS)
    timer.unref?.()
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}
