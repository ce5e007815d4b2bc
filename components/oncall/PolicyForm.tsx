'use client'
// Create or edit an escalation policy: name, ordered steps (targets from people and schedules, a
// delay each), and how many more passes. The server's field errors show beside their field.
import { useId, useState } from 'react'
import { errorProps, Field } from '@/components/ui/Field'
import { useUsers } from '@/lib/client/directory'
import type { ApiError } from '@/lib/client/fetcher'
import { useHydrated } from '@/lib/client/hydrated'
import type { PolicyBody } from '@/lib/client/policies'
import { useSchedules } from '@/lib/client/schedules'
import { ESCALATE_AFTER_MAX, ESCALATE_AFTER_MIN, REPEAT_MAX } from '@/lib/escalation/rules/limits'
import type { EscalationPolicy, Target } from '@/lib/schemas/escalation'

interface StepDraft {
  key: number
  /** `user:ID` or `schedule:ID`, '' while unchosen */
  targets: string[]
  minutes: string
}

let seq = 0
const draftOf = (s?: EscalationPolicy['steps'][number]): StepDraft => ({
  key: ++seq,
  targets: s ? s.targets.map((t) => `${t.type}:${t.id}`) : [''],
  minutes: String(s?.escalateAfterMinutes ?? 15),
})

const toTarget = (v: string): Target => {
  const at = v.indexOf(':')
  return { type: v.slice(0, at) as Target['type'], id: v.slice(at + 1) }
}

/** The options of a target select: everyone by name, then every schedule. */
function TargetOptions() {
  const users = useUsers()
  const schedules = useSchedules()
  return (
    <>
      <option value="">Choose a person or schedule…</option>
      <optgroup label="People">
        {users.data?.map((u) => (
          <option key={u.id} value={`user:${u.id}`}>
            {u.name}
          </option>
        ))}
      </optgroup>
      <optgroup label="Schedules (whoever is on call)">
        {schedules.data?.map((s) => (
          <option key={s.id} value={`schedule:${s.id}`}>
            {s.name}
          </option>
        ))}
      </optgroup>
    </>
  )
}

type Errors = Partial<Record<'name' | 'steps' | 'repeat' | 'form', string>>

function errorsOf(err: ApiError): Errors {
  if (!err.details?.length) return { form: err.message }
  const out: Errors = {}
  for (const d of err.details) {
    const key = d.field === 'name' || d.field === 'steps' || d.field === 'repeat' ? d.field : 'form'
    out[key] = out[key] ? `${out[key]}; ${d.message}` : key === 'form' ? `${d.field}: ${d.message}` : d.message
  }
  return out
}

export function PolicyForm({ initial, submitLabel, pending, onSubmit, onCancel }: { initial?: EscalationPolicy; submitLabel: string; pending: boolean; onSubmit: (body: PolicyBody) => Promise<unknown>; onCancel?: () => void }) {
  const hydrated = useHydrated()
  const base = useId()
  const [name, setName] = useState(initial?.name ?? '')
  const [repeat, setRepeat] = useState(String(initial?.repeat ?? 0))
  const [steps, setSteps] = useState<StepDraft[]>(() => (initial?.steps.length ? initial.steps.map(draftOf) : [draftOf()]))
  const [errors, setErrors] = useState<Errors>({})
  const change = (key: number, patch: Partial<StepDraft>) => setSteps((ss) => ss.map((s) => (s.key === key ? { ...s, ...patch } : s)))
  const move = (i: number, by: -1 | 1) =>
    setSteps((ss) => {
      const next = [...ss]
      ;[next[i], next[i + by]] = [next[i + by], next[i]]
      return next
    })
  const stepsError = `${base}-steps`

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault()
        setErrors({})
        const body: PolicyBody = {
          name,
          repeat: Number(repeat),
          steps: steps.map((s) => ({ targets: s.targets.filter(Boolean).map(toTarget), escalateAfterMinutes: Number(s.minutes) })),
        }
        onSubmit(body).catch((err: ApiError) => setErrors(errorsOf(err)))
      }}
    >
      <div className="flex flex-wrap gap-3">
        <Field id={`${base}-name`} label="Name" required error={errors.name} className="min-w-56 flex-1">
          <input id={`${base}-name`} className="field" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} {...errorProps(`${base}-name`, errors.name)} />
        </Field>
        <Field id={`${base}-repeat`} label="Repeat (more passes)" error={errors.repeat} className="w-44">
          <input
            id={`${base}-repeat`}
            className="field"
            type="number"
            min={0}
            max={REPEAT_MAX}
            required
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            {...errorProps(`${base}-repeat`, errors.repeat)}
          />
        </Field>
      </div>

      <ol className="space-y-3" aria-label="Steps, in order" {...(errors.steps ? { 'aria-describedby': stepsError } : {})}>
        {steps.map((s, i) => (
          <li key={s.key}>
            <fieldset className="rounded-md border border-line p-3" data-step={i}>
              <legend className="px-1 text-sm font-semibold">Step {i + 1}</legend>
              <ul className="space-y-2" aria-label={`Targets of step ${i + 1}`}>
                {s.targets.map((t, j) => (
                  <li key={j} className="flex flex-wrap items-center gap-2">
                    <label htmlFor={`${base}-s${s.key}-t${j}`} className="w-8 shrink-0 text-sm text-muted">
                      {j + 1}.<span className="sr-only"> target of step {i + 1}</span>
                    </label>
                    <select
                      id={`${base}-s${s.key}-t${j}`}
                      className="field max-w-sm min-w-0 flex-1"
                      value={t}
                      required
                      onChange={(e) => change(s.key, { targets: s.targets.map((x, k) => (k === j ? e.target.value : x)) })}
                    >
                      <TargetOptions />
                    </select>
                    {s.targets.length > 1 && (
                      <button type="button" className="btn btn-sm" onClick={() => change(s.key, { targets: s.targets.filter((_, k) => k !== j) })}>
                        Remove<span className="sr-only"> target {j + 1} of step {i + 1}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <div className="mt-3 flex flex-wrap items-end gap-2">
                <Field id={`${base}-s${s.key}-min`} label="Escalate after (minutes)" className="w-48">
                  <input
                    id={`${base}-s${s.key}-min`}
                    className="field"
                    type="number"
                    min={ESCALATE_AFTER_MIN}
                    max={ESCALATE_AFTER_MAX}
                    required
                    value={s.minutes}
                    onChange={(e) => change(s.key, { minutes: e.target.value })}
                  />
                </Field>
                <button type="button" className="btn btn-sm" onClick={() => change(s.key, { targets: [...s.targets, ''] })}>
                  Add a target<span className="sr-only"> to step {i + 1}</span>
                </button>
                {i > 0 && (
                  <button type="button" className="btn btn-sm" onClick={() => move(i, -1)}>
                    Move up<span className="sr-only"> step {i + 1}</span>
                  </button>
                )}
                {i < steps.length - 1 && (
                  <button type="button" className="btn btn-sm" onClick={() => move(i, 1)}>
                    Move down<span className="sr-only"> step {i + 1}</span>
                  </button>
                )}
                {steps.length > 1 && (
                  <button type="button" className="btn btn-sm" onClick={() => setSteps((ss) => ss.filter((x) => x.key !== s.key))}>
                    Remove step {i + 1}
                  </button>
                )}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      {errors.steps && (
        <p id={stepsError} className="text-sm text-danger">
          Steps: {errors.steps}
        </p>
      )}

      <div className="flex flex-wrap items-center gap-2">
        <button type="button" className="btn" onClick={() => setSteps((ss) => [...ss, draftOf()])}>
          Add a step
        </button>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || pending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      <p role="alert" className="min-h-5 text-sm text-danger">
        {errors.form ?? (errors.name || errors.steps || errors.repeat ? 'Not saved: see the messages above.' : null)}
      </p>
    </form>
  )
}
