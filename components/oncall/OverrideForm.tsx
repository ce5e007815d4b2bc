'use client'
// Put someone on call instead for a while, and list (and remove) the schedule's overrides.
import { useId, useState } from 'react'
import { Field } from '@/components/ui/Field'
import { useUsers } from '@/lib/client/directory'
import type { ApiError } from '@/lib/client/fetcher'
import { useHydrated } from '@/lib/client/hydrated'
import { useUpdateSchedule } from '@/lib/client/schedules'
import type { Schedule } from '@/lib/schemas/schedules'
import { toLocalInput } from './ScheduleForm'
import { PersonOptions } from './PersonOptions'

const fmt = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function OverrideForm({ schedule }: { schedule: Schedule }) {
  const hydrated = useHydrated()
  const users = useUsers()
  const update = useUpdateSchedule(schedule.id)
  const base = useId()
  const [error, setError] = useState<string | null>(null)
  const nameOf = (id: string) => users.data?.find((u) => u.id === id)?.name ?? id
  const existing = schedule.overrides.map(({ userId, start, end }) => ({ userId, start, end }))
  const save = (overrides: typeof existing, done?: () => void) => {
    setError(null)
    update.mutate({ overrides }, { onSuccess: done, onError: (e) => setError((e as ApiError).details?.[0]?.message ? `${(e as ApiError).details[0].field}: ${(e as ApiError).details[0].message}` : e.message) })
  }
  const now = new Date()
  return (
    <section aria-labelledby={`${base}-h`} className="card p-5">
      <h2 id={`${base}-h`} className="mb-4 text-lg font-semibold">
        Overrides
      </h2>
      {schedule.overrides.length > 0 && (
        <ul className="mb-4 space-y-1 text-sm">
          {schedule.overrides.map((o, i) => (
            <li key={o.id} className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{nameOf(o.userId)}</span>
              <span className="text-muted">
                {fmt(o.start)} – {fmt(o.end)}
              </span>
              <button type="button" className="btn btn-sm" disabled={!hydrated || update.isPending} onClick={() => save(existing.filter((_, k) => k !== i))}>
                Remove<span className="sr-only"> override of {nameOf(o.userId)} from {fmt(o.start)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault()
          const form = e.currentTarget
          const data = new FormData(form)
          const add = { userId: String(data.get('userId')), start: new Date(String(data.get('start'))).toISOString(), end: new Date(String(data.get('end'))).toISOString() }
          save([...existing, add], () => form.reset())
        }}
      >
        <Field id={`${base}-user`} label="Who" required className="min-w-48">
          <select id={`${base}-user`} name="userId" className="field" required defaultValue="">
            <PersonOptions />
          </select>
        </Field>
        <Field id={`${base}-start`} label="From (your time)" required className="w-56">
          <input id={`${base}-start`} name="start" type="datetime-local" className="field" required defaultValue={toLocalInput(now)} />
        </Field>
        <Field id={`${base}-end`} label="Until (your time)" required className="w-56">
          <input id={`${base}-end`} name="end" type="datetime-local" className="field" required defaultValue={toLocalInput(new Date(now.getTime() + 8 * 3_600_000))} />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || update.isPending}>
          Add override
        </button>
      </form>
      <p role="alert" className="mt-2 min-h-5 text-sm text-danger">
        {error}
      </p>
    </section>
  )
}
