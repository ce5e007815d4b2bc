'use client'
import Link from 'next/link'
import { RelativeTime } from '@/components/ui/time'
import { useOnCall } from '@/lib/client/schedules'

/** Who is on call now, one line per schedule; fetched on its own so the incident list never waits for it. */
export function OnCallNow() {
  const oncall = useOnCall()
  if (!oncall.data?.length) return null
  return (
    <section aria-label="On call now" className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      <h2 className="font-semibold text-muted">On call now</h2>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {oncall.data.map((o) => (
          <li key={o.schedule.id} data-schedule-id={o.schedule.id}>
            <Link href={`/schedules/${o.schedule.id}`} className="text-accent underline underline-offset-2">
              {o.schedule.name}
            </Link>
            {': '}
            {o.user ? <span className="font-medium">{o.user.name}</span> : <span className="text-danger">nobody</span>}
            {o.until && (
              <span className="text-muted">
                {' '}
                ({o.user ? 'hands over' : 'next shift'} <RelativeTime iso={o.until} future />)
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
