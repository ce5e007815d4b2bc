'use client'
// The next two weeks of a schedule as lanes: one per layer, the overrides, and the final one.
// A fixed-width drawing inside a horizontal scroller, so a phone scrolls the timeline, not the page.
import { useMemo } from 'react'
import type { Shift, Shifts } from '@/lib/schemas/schedules'

const DAY_MS = 86_400_000
const DAY_WIDTH_PX = 96

/** One of a few tints per person, picked from the id so a person keeps theirs across lanes. */
const TINTS = ['border-l-sky-500', 'border-l-amber-500', 'border-l-emerald-500', 'border-l-fuchsia-500', 'border-l-rose-500', 'border-l-indigo-500']
const tint = (id: string) => TINTS[[...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % TINTS.length]

function Lane({ label, shifts, from, span, kind, now }: { label: string; shifts: Shift[]; from: number; span: number; kind: 'layer' | 'override' | 'final'; now: number }) {
  const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
  return (
    <div role="listitem" className="flex border-b border-line last:border-0" data-lane={kind}>
      <div className="sticky left-0 z-10 w-28 shrink-0 border-r border-line bg-surface px-2 py-2 text-xs font-semibold">{label}</div>
      <ul aria-label={label} className="relative h-10" style={{ width: (span / DAY_MS) * DAY_WIDTH_PX }}>
        {shifts.map((s) => {
          const start = Math.max(new Date(s.start).getTime(), from)
          const end = Math.min(new Date(s.end).getTime(), from + span)
          const text = `${s.user.name}: ${dateTime.format(new Date(s.start))} – ${dateTime.format(new Date(s.end))}${kind === 'override' ? ' (override)' : ''}`
          return (
            <li
              key={`${s.start}-${s.user.id}`}
              title={text}
              data-user-id={s.user.id}
              className={`absolute top-1 bottom-1 overflow-hidden rounded border border-l-4 border-line ${tint(s.user.id)} ${kind === 'override' ? 'border-dashed bg-selected' : 'bg-raised'} px-1.5 text-xs leading-8 whitespace-nowrap`}
              style={{ left: `${((start - from) / span) * 100}%`, width: `${((end - start) / span) * 100}%` }}
            >
              <span className="sr-only">{text}</span>
              <span aria-hidden="true">{s.user.name}</span>
            </li>
          )
        })}
        <li aria-hidden="true" className="pointer-events-none absolute top-0 bottom-0 w-0.5 bg-danger" style={{ left: `${((now - from) / span) * 100}%` }} />
      </ul>
    </div>
  )
}

export function ScheduleTimeline({ data, from, to, now }: { data: Shifts; from: string; to: string; now: number }) {
  const start = new Date(from).getTime()
  const span = new Date(to).getTime() - start
  const days = useMemo(() => {
    const fmt = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' })
    return Array.from({ length: Math.round(span / DAY_MS) }, (_, i) => fmt.format(new Date(start + i * DAY_MS + DAY_MS / 2)))
  }, [start, span])
  return (
    <div className="overflow-x-auto" tabIndex={0} role="region" aria-label="Timeline, next two weeks (scrolls sideways)">
      <div className="min-w-max">
        <div className="flex border-b border-line" aria-hidden="true">
          <div className="sticky left-0 z-10 w-28 shrink-0 border-r border-line bg-surface" />
          {days.map((d) => (
            <div key={d} className="shrink-0 border-r border-line px-1.5 py-1 text-xs text-muted" style={{ width: DAY_WIDTH_PX }}>
              {d}
            </div>
          ))}
        </div>
        <div role="list" aria-label="Lanes">
          {data.layers.map((l, i) => (
            <Lane key={i} label={l.name} shifts={l.shifts} from={start} span={span} kind="layer" now={now} />
          ))}
          <Lane label="Overrides" shifts={data.overrides} from={start} span={span} kind="override" now={now} />
          <Lane label="On call" shifts={data.shifts} from={start} span={span} kind="final" now={now} />
        </div>
      </div>
    </div>
  )
}
