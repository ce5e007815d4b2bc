'use client'
// The actions that need more than a click: a custom snooze, assigning someone else, and resolving
// from the incident page with a resolution note.
import { useState } from 'react'
import { Dialog } from '@/components/ui/Dialog'
import { useUsers } from '@/lib/client/directory'
import type { Incident } from '@/lib/schemas/incidents'
import { NOTE_MAX, SNOOZE_MINUTES } from '@/lib/schemas/values'
import { SNOOZE_PRESETS } from './presets'
import { snoozeLabel, type IncidentActions } from './useIncidentActions'

export type DialogState = { kind: 'snooze' | 'assign' | 'resolve'; incident: Incident } | null

export function ActionDialogs({ state, onClose, actions }: { state: DialogState; onClose: () => void; actions: IncidentActions }) {
  return (
    <>
      <Dialog open={state?.kind === 'snooze'} onClose={onClose} title={state ? `Snooze #${state.incident.number}` : 'Snooze'}>
        {state?.kind === 'snooze' && <SnoozeForm incident={state.incident} actions={actions} onDone={onClose} />}
      </Dialog>
      <Dialog open={state?.kind === 'assign'} onClose={onClose} title={state ? `Assign #${state.incident.number}` : 'Assign'}>
        {state?.kind === 'assign' && <AssignForm incident={state.incident} actions={actions} onDone={onClose} />}
      </Dialog>
      <Dialog open={state?.kind === 'resolve'} onClose={onClose} title={state ? `Resolve #${state.incident.number}` : 'Resolve'}>
        {state?.kind === 'resolve' && <ResolveForm incident={state.incident} actions={actions} onDone={onClose} />}
      </Dialog>
    </>
  )
}

function SnoozeForm({ incident, actions, onDone }: { incident: Incident; actions: IncidentActions; onDone: () => void }) {
  const [minutes, setMinutes] = useState('30')
  const n = Number(minutes)
  const valid = Number.isInteger(n) && n >= SNOOZE_MINUTES.min && n <= SNOOZE_MINUTES.max
  const pick = (m: number) => {
    actions.snooze(incident, m)
    onDone()
  }
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2">
        {SNOOZE_PRESETS.map((m) => (
          <button key={m} type="button" className="btn" onClick={() => pick(m)}>
            {snoozeLabel(m)}
          </button>
        ))}
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (valid) pick(n)
        }}
        className="flex items-end gap-2"
      >
        <div className="flex-1">
          <label htmlFor="snooze-minutes" className="label">
            {`Custom, in minutes (${SNOOZE_MINUTES.min}–${SNOOZE_MINUTES.max})`}
          </label>
          <input
            id="snooze-minutes"
            className="field"
            type="number"
            inputMode="numeric"
            min={SNOOZE_MINUTES.min}
            max={SNOOZE_MINUTES.max}
            required
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
            aria-invalid={!valid}
            aria-describedby="snooze-hint"
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={!valid}>
          Snooze
        </button>
      </form>
      <p id="snooze-hint" className="text-xs text-muted">
        It opens again by itself when the time is up.
      </p>
      <div className="flex justify-end">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  )
}

function AssignForm({ incident, actions, onDone }: { incident: Incident; actions: IncidentActions; onDone: () => void }) {
  const users = useUsers()
  const [userId, setUserId] = useState(incident.assignee?.id ?? '')
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault()
        const user = users.data?.find((u) => u.id === userId) ?? null
        actions.assign(incident, user)
        onDone()
      }}
    >
      <div>
        <label htmlFor="assign-user" className="label">
          Assignee
        </label>
        <select id="assign-user" className="field" value={userId} onChange={(e) => setUserId(e.target.value)} disabled={!users.data}>
          <option value="">Nobody (unassigned)</option>
          {users.data?.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.email})
            </option>
          ))}
        </select>
        {users.isError && <p className="mt-1 text-sm text-danger">{users.error.message}</p>}
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={!users.data}>
          Assign
        </button>
      </div>
    </form>
  )
}

function ResolveForm({ incident, actions, onDone }: { incident: Incident; actions: IncidentActions; onDone: () => void }) {
  const [note, setNote] = useState('')
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault()
        actions.resolve(incident, note)
        onDone()
      }}
    >
      <div>
        <label htmlFor="resolve-note" className="label">
          Resolution note (optional)
        </label>
        <textarea
          id="resolve-note"
          rows={4}
          maxLength={NOTE_MAX}
          className="field py-2"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          aria-describedby="resolve-hint"
          autoFocus
        />
        <p id="resolve-hint" className="mt-1 text-xs text-muted">
          What fixed it, for whoever meets this next. Saved in the timeline with the resolve.
        </p>
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary">
          Resolve
        </button>
      </div>
    </form>
  )
}
