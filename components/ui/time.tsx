'use client'
// Times as people read them at a glance ("4m", "2h ago") with the exact UTC time on hover and for
// screen readers. An age is measured from now: on the server from the moment the request is
// rendered, during hydration from that same moment (handed down by RenderTimeProvider, so the
// HTML React hydrates is the HTML the server sent), and from then on from the browser's clock,
// read once a second. Each time re-renders only when its own text changes.
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react'

const RenderTime = createContext<number | null>(null)

/** `at`: when the server rendered the page (ms since the epoch). */
export function RenderTimeProvider({ at, children }: { at: number; children: React.ReactNode }) {
  return <RenderTime.Provider value={at}>{children}</RenderTime.Provider>
}

let now = 0
const subscribers = new Set<() => void>()
let timer: ReturnType<typeof setInterval> | null = null
function subscribe(fn: () => void) {
  subscribers.add(fn)
  if (!timer) {
    now = Date.now()
    timer = setInterval(() => {
      now = Date.now()
      subscribers.forEach((s) => s())
    }, 1_000)
  }
  return () => {
    subscribers.delete(fn)
    if (!subscribers.size && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}
/** The browser's now; while nothing ticks (the first time on a page) it is read afresh. */
const browserNow = () => (timer ? now : (now = Date.now()))

/** Text that depends on the time, kept current. `at` is the page's render time during hydration. */
function useClockText(format: (now: number) => string): string {
  const renderedAt = useContext(RenderTime)
  return useSyncExternalStore(
    subscribe,
    () => format(browserNow()),
    () => format(renderedAt ?? Date.now()),
  )
}

export function shortAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return `${h}h`
  return `${Math.floor(h / 24)}d`
}

export const exact = (iso: string) => new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')

/** Age since `iso` ("4m"); `future` renders time until it ("in 55m"). */
export function RelativeTime({ iso, suffix = '', future = false }: { iso: string; suffix?: string; future?: boolean }) {
  const format = useCallback(
    (t: number) => {
      const at = new Date(iso).getTime()
      return future ? `in ${shortAge(at - t)}` : `${shortAge(t - at)}${suffix}`
    },
    [iso, suffix, future],
  )
  return (
    <time dateTime={iso} title={exact(iso)}>
      {useClockText(format)}
    </time>
  )
}

/** How long from `from` to `to` ("2h"): a fixed span, so it never ticks. */
export function Duration({ from, to }: { from: string; to: string }) {
  const ms = new Date(to).getTime() - new Date(from).getTime()
  return <time dateTime={`PT${Math.max(0, Math.round(ms / 1000))}S`}>{shortAge(ms)}</time>
}

/** The exact UTC time, never broken across lines. */
export function ExactTime({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} className="whitespace-nowrap">
      {exact(iso)}
    </time>
  )
}
