// "Something changed" notices for live views. One poller per process reads a change marker (the
// newest incident update and the newest timeline event, both index-only lookups) while anyone is
// listening, and tells every listener when it moves. Reading the database rather than hooking the
// commands means changes made by other instances, the CLI and the snooze sweeper are seen too.
import type { Db } from '@/lib/db/client'
import { describeError, log } from '@/lib/log'

export const CHANGE_POLL_MS = Number(process.env.CHANGE_POLL_MS ?? 1_000)

type Listener = (marker: string) => void

const listeners = new Set<Listener>()
let timer: ReturnType<typeof setInterval> | null = null
let last: string | null = null
let polling = false

export async function changeMarker(db: Db): Promise<string> {
  const [incident, event] = await Promise.all([
    db.read.incident.aggregate({ _max: { updatedAt: true } }),
    db.read.timelineEvent.aggregate({ _max: { id: true } }),
  ])
  return `${incident._max.updatedAt?.getTime() ?? 0}.${event._max.id ?? ''}`
}

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
    timer = setInterval(() => void poll(db), CHANGE_POLL_MS)
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
