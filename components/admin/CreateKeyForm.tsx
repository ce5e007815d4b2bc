'use client'
import { useState } from 'react'
import { Field } from '@/components/ui/Field'
import { useCreateApiKey } from '@/lib/client/admin'
import { useHydrated } from '@/lib/client/hydrated'
import { KEY_SCOPES, type CreatedKey } from '@/lib/schemas/admin'
import { CopyField } from './CopyField'

const SCOPE_HELP: Record<(typeof KEY_SCOPES)[number], string> = {
  'incidents:read': 'List and read incidents, services and users',
  'incidents:write': 'Create and change incidents (includes read)',
  'events:write': 'Alert ingestion, alone and bound to a service: create it as an integration on the service’s page',
}

export function CreateKeyForm() {
  const create = useCreateApiKey()
  const hydrated = useHydrated()
  const [created, setCreated] = useState<CreatedKey | null>(null)
  const [error, setError] = useState<string | null>(null)

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const f = new FormData(form)
    const days = String(f.get('expiresInDays') ?? '')
    setError(null)
    create.mutate(
      { name: String(f.get('name') ?? '').trim(), scopes: f.getAll('scopes').map(String), expiresInDays: days ? Number(days) : null },
      {
        onSuccess: (key) => {
          setCreated(key)
          form.reset()
        },
        onError: (err) => setError(err.message),
      },
    )
  }

  return (
    <section aria-labelledby="create-key-h" className="card space-y-4 p-5">
      <h2 id="create-key-h" className="text-lg font-semibold">
        Create an API key
      </h2>
      {created && (
        <div className="space-y-2 rounded-md border border-accent bg-selected p-4" data-testid="new-key">
          <p className="text-sm font-semibold">Key “{created.name}” created. Copy it now: it is shown only this once.</p>
          <CopyField id="new-key-secret" label="API key" value={created.key} />
          <button type="button" className="btn btn-sm" onClick={() => setCreated(null)}>
            Done, I have stored it
          </button>
        </div>
      )}
      <form onSubmit={submit} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="key-name" label="Name">
            <input id="key-name" name="name" required maxLength={100} className="field" placeholder="e.g. Alertmanager production" />
          </Field>
          <Field id="key-expiry" label="Expires">
            <select id="key-expiry" name="expiresInDays" className="field" defaultValue="">
              <option value="">Never</option>
              <option value="7">In 7 days</option>
              <option value="30">In 30 days</option>
              <option value="90">In 90 days</option>
              <option value="365">In a year</option>
            </select>
          </Field>
        </div>
        <fieldset>
          <legend className="label">Scopes</legend>
          <div className="space-y-1.5">
            {KEY_SCOPES.map((s) => (
              <label key={s} className="flex items-start gap-2 text-sm">
                <input type="checkbox" name="scopes" value={s} defaultChecked={s === 'incidents:read'} className="mt-0.5 size-4 accent-accent" />
                <span>
                  <code className="font-mono">{s}</code> <span className="text-muted">— {SCOPE_HELP[s]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <p role="alert" className="min-h-5 text-sm text-danger">
          {error}
        </p>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </form>
    </section>
  )
}
