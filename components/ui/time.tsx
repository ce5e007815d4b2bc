'use client'
// Times as people read them at a glance ("4m", "2h ago") with the exact UTC time on hover and for
// screen readers. One shared clock re-renders them every 30 seconds.
import { useSyncExternalStore } from 'react'

let now = Date.now()
const subscribers = new Set<() => void>()
let timer: ReturnType<typeof setInterval> | null = null
function subscribe(fn: () => void) {
  subscribers.add(fn)
  if (!timer)
    timer = setInterval(() => {
      now = Date.now()
      subscribers.forEach((s) => s())
    }, 30_000)
  return () => {
    subscribers.delete(fn)
    if (!subscribers.size && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}
const useNow = () =>
  useSyncExternalStore(
    subscribe,
    () => now,
    () => now,
  )

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
  const t = useNow()
  const diff = future ? new Date(iso).getTime() - t : t - new Date(iso).getTime()
  const text = future ? `in ${shortAge(diff)}` : `${shortAge(diff)}${suffix}`
  return (
    <time dateTime={iso} title={exact(iso)} suppressHydrationWarning>
      {text}
    </time>
  )
}
