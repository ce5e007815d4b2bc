'use client'
// Create or edit a schedule: name, time zone, and layers (rotation, handoff, start, people in order).
import { useId, useState } from 'react'
import { Field } from '@/components/ui/Field'
import type { ApiError } from '@/lib/client/fetcher'
import { useHydrated } from '@/lib/client/hydrated'
import type { ScheduleBody } from '@/lib/client/schedules'
import type { Schedule } from '@/lib/schemas/schedules'
import type { Rotation } from '@/lib/oncall/rules/shifts'
import { PersonOptions } from './PersonOptions'

const ROTATION_LABELS = { daily: 'Daily', weekly: 'Weekly', hours: 'Every N hours' } satisfies Record<Rotation, string>

interface LayerDraft {
  key: number
  name: string
  rotation: Rotation
  lengthHours: string
  handoffTime: string
  /** datetime-local value, in the browser's time zone */
  start: string
  users: string[]
}

const pad = (n: number) => String(n).padStart(2, '0')
/** A Date as a datetime-local value in the browser's zone. */
export const toLocalInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`

let seq = 0
const draftOf = (l?: Schedule['layers'][number], n = 1): LayerDraft => ({
  key: ++seq,
  name: l?.name ?? `Layer ${n}`,
  rotation: l?.rotation ?? 'weekly',
  lengthHours: l?.lengthHours ? String(l.lengthHours) : '12',
  handoffTime: l?.handoffTime ?? '09:00',
  start: toLocalInput(l ? new Date(l.start) : new Date(new Date().setHours(9, 0, 0, 0))),
  users: l?.users ?? [''],
})

const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []

export function ScheduleForm({ initial, submitLabel, pending, onSubmit }: { initial?: Schedule; submitLabel: string; pending: boolean; onSubmit: (body: ScheduleBody) => Promise<unknown> }) {
  const hydrated = useHydrated()
  const base = useId()
  const [name, setName] = useState(initial?.name ?? '')
  const [timeZone, setTimeZone] = useState(initial?.timeZone ?? (typeof Intl !== 'undefined' ? Intl.DateTimeFormat().resolvedOptions().timeZone : 'UTC'))
  const [layers, setLayers] = useState<LayerDraft[]>(() => (initial?.layers.length ? initial.layers.map((l, i) => draftOf(l, i + 1)) : [draftOf()]))
  const [error, setError] = useState<string | null>(null)
  const change = (key: number, patch: Partial<LayerDraft>) => setLayers((ls) => ls.map((l) => (l.key === key ? { ...l, ...patch } : l)))

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault()
        setError(null)
        const body: ScheduleBody = {
          name: name.trim(),
          timeZone: timeZone.trim(),
          layers: layers.map((l) => ({
            name: l.name.trim(),
            rotation: l.rotation,
            ...(l.rotation === 'hours' ? { lengthHours: Number(l.lengthHours) } : {}),
            handoffTime: l.handoffTime,
            start: new Date(l.start).toISOString(),
            users: l.users.filter(Boolean),
          })),
        }
        onSubmit(body).catch((err: ApiError) => setError(err.details?.length ? err.details.map((d) => `${d.field}: ${d.message}`).join('; ') : err.message))
      }}
    >
      <div className="flex flex-wrap gap-3">
        <Field id={`${base}-name`} label="Name" required className="min-w-56 flex-1">
          <input id={`${base}-name`} className="field" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field id={`${base}-tz`} label="Time zone (IANA)" required className="min-w-56 flex-1">
          <input id={`${base}-tz`} className="field" required list={`${base}-zones`} value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
          <datalist id={`${base}-zones`}>
            {ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
      </div>

      {layers.map((l, i) => (
        <fieldset key={l.key} className="rounded-md border border-line p-3" data-layer={i}>
          <legend className="px-1 text-sm font-semibold">
            Layer {i + 1}
            {i === layers.length - 1 && layers.length > 1 ? ' (takes precedence)' : ''}
          </legend>
          <div className="flex flex-wrap gap-3">
            <Field id={`${base}-l${l.key}-name`} label="Layer name" className="min-w-40 flex-1">
              <input id={`${base}-l${l.key}-name`} className="field" maxLength={100} value={l.name} onChange={(e) => change(l.key, { name: e.target.value })} />
            </Field>
            <Field id={`${base}-l${l.key}-rot`} label="Rotation" className="min-w-36">
              <select id={`${base}-l${l.key}-rot`} className="field" value={l.rotation} onChange={(e) => change(l.key, { rotation: e.target.value as Rotation })}>
                {Object.entries(ROTATION_LABELS).map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
            </Field>
            {l.rotation === 'hours' && (
              <Field id={`${base}-l${l.key}-len`} label="Shift length (hours)" className="w-36">
                <input id={`${base}-l${l.key}-len`} className="field" type="number" min={1} max={672} required value={l.lengthHours} onChange={(e) => change(l.key, { lengthHours: e.target.value })} />
              </Field>
            )}
            <Field id={`${base}-l${l.key}-handoff`} label="Handoff (local)" className="w-32">
              <input id={`${base}-l${l.key}-handoff`} className="field" type="time" required value={l.handoffTime} onChange={(e) => change(l.key, { handoffTime: e.target.value })} />
            </Field>
            <Field id={`${base}-l${l.key}-start`} label="Starts (your time)" className="w-56">
              <input id={`${base}-l${l.key}-start`} className="field" type="datetime-local" required value={l.start} onChange={(e) => change(l.key, { start: e.target.value })} />
            </Field>
          </div>
          <ol className="mt-3 space-y-2" aria-label={`People of layer ${i + 1}, in rotation order`}>
            {l.users.map((u, j) => (
              <li key={j} className="flex items-center gap-2">
                <label htmlFor={`${base}-l${l.key}-u${j}`} className="w-20 shrink-0 text-sm text-muted">
                  {j + 1}.
                  <span className="sr-only"> person of layer {i + 1}</span>
                </label>
                <select
                  id={`${base}-l${l.key}-u${j}`}
                  className="field max-w-sm"
                  value={u}
                  required
                  onChange={(e) => change(l.key, { users: l.users.map((x, k) => (k === j ? e.target.value : x)) })}
                >
                  <PersonOptions />
                </select>
                {l.users.length > 1 && (
                  <button type="button" className="btn btn-sm" onClick={() => change(l.key, { users: l.users.filter((_, k) => k !== j) })}>
                    Remove<span className="sr-only"> person {j + 1} of layer {i + 1}</span>
                  </button>
                )}
              </li>
            ))}
          </ol>
          <div className="mt-3 flex flex-wrap gap-2">
            <button type="button" className="btn btn-sm" onClick={() => change(l.key, { users: [...l.users, ''] })}>
              Add a person<span className="sr-only"> to layer {i + 1}</span>
            </button>
            {layers.length > 1 && (
              <button type="button" className="btn btn-sm" onClick={() => setLayers((ls) => ls.filter((x) => x.key !== l.key))}>
                Remove layer {i + 1}
              </button>
            )}
          </div>
        </fieldset>
      ))}

      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn" onClick={() => setLayers((ls) => [...ls, draftOf(undefined, ls.length + 1)])}>
          Add a layer
        </button>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || pending}>
          {submitLabel}
        </button>
      </div>
      <p role="alert" className="min-h-5 text-sm text-danger">
        {error}
      </p>
    </form>
  )
}
