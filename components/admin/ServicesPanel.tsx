'use client'
import Link from 'next/link'
import { useRef, useState } from 'react'
import { Field } from '@/components/ui/Field'
import { useCreateService, useRenameService } from '@/lib/client/admin'
import { useServices } from '@/lib/client/directory'
import { useHydrated } from '@/lib/client/hydrated'
import { AdminSection, TableState } from './AdminTable'

const th = 'px-3 py-2 text-left text-xs font-semibold tracking-wide text-muted uppercase'

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

/** A service as text, with an explicit Edit that turns the row into a rename form (Escape cancels). */
function ServiceRow({ id, name }: { id: string; name: string }) {
  const rename = useRenameService()
  const hydrated = useHydrated()
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(name)
  const [error, setError] = useState<string | null>(null)
  const editButton = useRef<HTMLButtonElement>(null)
  const changed = draft.trim() !== name && draft.trim() !== ''
  const stop = () => {
    setEditing(false)
    setError(null)
    // Focus goes back where the edit started, once the button is there again.
    requestAnimationFrame(() => editButton.current?.focus())
  }
  return (
    <tr data-service-id={id} className="border-b border-line last:border-0">
      <td className="px-3 py-2">
        {editing ? (
          <form
            className="flex flex-wrap items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault()
              setError(null)
              if (!changed) return stop()
              rename.mutate({ id, name: draft.trim() }, { onSuccess: stop, onError: (err) => setError(err.message) })
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape') stop()
            }}
          >
            <label htmlFor={`svc-${id}`} className="sr-only">
              New name of {name}
            </label>
            <input id={`svc-${id}`} className="field max-w-sm" value={draft} maxLength={100} required onChange={(e) => setDraft(e.target.value)} autoFocus />
            <button type="submit" className="btn btn-sm btn-primary" disabled={rename.isPending}>
              Save<span className="sr-only"> {name}</span>
            </button>
            <button type="button" className="btn btn-sm" onClick={stop}>
              Cancel
            </button>
            {error && (
              <span role="alert" className="text-sm text-danger">
                {error}
              </span>
            )}
          </form>
        ) : (
          <Link href={`/admin/services/${encodeURIComponent(id)}`} className="font-medium text-accent hover:underline" title={`${name}: integrations`}>
            {name}
          </Link>
        )}
      </td>
      <td className="hidden px-3 py-2 sm:table-cell">
        <code className="font-mono text-xs text-muted">{id}</code>
      </td>
      <td className="w-24 px-3 py-2 text-right">
        {!editing && (
          <button ref={editButton} type="button" className="btn btn-sm" onClick={() => {
              setDraft(name)
              setEditing(true)
            }}
            disabled={!hydrated}
          >
            Edit<span className="sr-only"> {name}</span>
          </button>
        )}
      </td>
    </tr>
  )
}

export function ServicesTable() {
  const services = useServices()
  return (
    <AdminSection id="services-h" title="Services">
      <TableState query={services} empty="No services yet. Incidents need one: add it above.">
        {(rows) => (
          <table className="w-full border-collapse text-sm">
            <thead className="border-b border-line bg-raised/50">
              <tr>
                <th scope="col" className={th}>
                  Name
                </th>
                <th scope="col" className={`${th} hidden sm:table-cell`}>
                  ID
                </th>
                <th scope="col" className={th}>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <ServiceRow key={s.id} id={s.id} name={s.name} />
              ))}
            </tbody>
          </table>
        )}
      </TableState>
    </AdminSection>
  )
}
