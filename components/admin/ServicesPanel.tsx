'use client'
import { useState } from 'react'
import { Field } from '@/components/ui/Field'
import { useCreateService, useRenameService } from '@/lib/client/admin'
import { useServices } from '@/lib/client/directory'
import { useHydrated } from '@/lib/client/hydrated'
import { AdminSection, AdminTable, TableState } from './AdminTable'

export function CreateServiceForm() {
  const create = useCreateService()
  const hydrated = useHydrated()
  const [error, setError] = useState<string | null>(null)
  return (
    <section aria-labelledby="create-service-h" className="card p-5">
      <h2 id="create-service-h" className="mb-4 text-lg font-semibold">
        Add a service
      </h2>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault()
          const form = e.currentTarget
          setError(null)
          create.mutate(String(new FormData(form).get('name')).trim(), { onSuccess: () => form.reset(), onError: (err) => setError(err.message) })
        }}
      >
        <Field id="service-name" label="Name" className="min-w-56 flex-1">
          <input id="service-name" name="name" required maxLength={100} className="field" />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || create.isPending}>
          Add service
        </button>
      </form>
      <p role="alert" className="mt-2 min-h-5 text-sm text-danger">
        {error}
      </p>
    </section>
  )
}

function RenameRow({ id, name }: { id: string; name: string }) {
  const rename = useRenameService()
  const hydrated = useHydrated()
  const [draft, setDraft] = useState(name)
  const [error, setError] = useState<string | null>(null)
  const changed = draft.trim() !== name && draft.trim() !== ''
  return (
    <tr data-service-id={id} className="border-b border-line last:border-0">
      <td className="px-3 py-2">
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault()
            setError(null)
            if (changed) rename.mutate({ id, name: draft.trim() }, { onError: (err) => setError(err.message) })
          }}
        >
          <label htmlFor={`svc-${id}`} className="sr-only">
            Name of {name}
          </label>
          <input id={`svc-${id}`} className="field max-w-sm" value={draft} maxLength={100} onChange={(e) => setDraft(e.target.value)} />
          <button type="submit" className="btn btn-sm" disabled={!hydrated || !changed || rename.isPending}>
            Rename<span className="sr-only"> {name}</span>
          </button>
          {error && (
            <span role="alert" className="text-sm text-danger">
              {error}
            </span>
          )}
        </form>
      </td>
      <td className="px-3 py-2">
        <code className="font-mono text-xs text-muted">{id}</code>
      </td>
    </tr>
  )
}

export function ServicesTable() {
  const services = useServices()
  return (
    <AdminSection id="services-h" title="Services">
      <TableState query={services} empty="No services yet. Incidents need one: add it above.">
        {(rows) => <AdminTable headers={['Name', 'ID']}>{rows.map((s) => <RenameRow key={`${s.id}:${s.name}`} id={s.id} name={s.name} />)}</AdminTable>}
      </TableState>
    </AdminSection>
  )
}
