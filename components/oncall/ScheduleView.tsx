'use client'
import { useState } from 'react'
import { useIsAdmin } from '@/lib/client/me'
import { useSchedule, useShifts, useUpdateSchedule } from '@/lib/client/schedules'
import { OverrideForm } from './OverrideForm'
import { ScheduleForm } from './ScheduleForm'
import { ScheduleTimeline } from './ScheduleTimeline'

const DAY_MS = 86_400_000

/** The window drawn: from the start of the viewer's today for two weeks (fixed while the page is open). */
function useWindow() {
  const [w] = useState(() => {
    const from = new Date().setHours(0, 0, 0, 0)
    return { from: new Date(from).toISOString(), to: new Date(from + 14 * DAY_MS).toISOString(), now: Date.now() }
  })
  return w
}

export function ScheduleView({ id }: { id: string }) {
  const schedule = useSchedule(id)
  const win = useWindow()
  const shifts = useShifts(id, win.from, win.to)
  const admin = useIsAdmin()
  const update = useUpdateSchedule(id)
  const [editing, setEditing] = useState(false)

  if (schedule.isError) return <p role="alert" className="text-danger">{schedule.error.message}</p>
  if (!schedule.data) return <div role="status" aria-label="Loading" className="h-40 animate-pulse rounded bg-raised" />
  const s = schedule.data
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold">{s.name}</h1>
        <p className="text-sm text-muted">Handoffs in {s.timeZone}; the timeline shows your time</p>
      </div>
      <section aria-labelledby="timeline-h" className="card overflow-hidden">
        <h2 id="timeline-h" className="border-b border-line px-4 py-3 text-lg font-semibold">
          Next two weeks
        </h2>
        {shifts.data ? (
          <ScheduleTimeline data={shifts.data} from={win.from} to={win.to} now={win.now} />
        ) : (
          <div role="status" aria-label="Loading shifts" className="m-4 h-32 animate-pulse rounded bg-raised" />
        )}
        <p className="border-t border-line px-4 py-2 text-xs text-muted">
          The last layer wins where it has someone; an override (dashed) beats every layer. The red line is now.
        </p>
      </section>
      {admin && <OverrideForm schedule={s} />}
      {admin && (
        <section aria-labelledby="edit-h" className="card p-5">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 id="edit-h" className="text-lg font-semibold">
              Layers
            </h2>
            <button type="button" className="btn btn-sm" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
              {editing ? 'Close' : 'Edit schedule'}
            </button>
          </div>
          {editing && (
            <div className="mt-4">
              <ScheduleForm initial={s} submitLabel="Save schedule" pending={update.isPending} onSubmit={(body) => update.mutateAsync(body).then(() => setEditing(false))} />
            </div>
          )}
        </section>
      )}
    </div>
  )
}
