'use client'
import { useState } from 'react'
import { Field } from '@/components/ui/Field'
import { useAdminUsers, useCreateUser, useUpdateUser } from '@/lib/client/admin'
import { useHydrated } from '@/lib/client/hydrated'
import { useMe } from '@/lib/client/me'
import { ROLES, type Role } from '@/lib/schemas/values'
import { AdminSection, AdminTable, TableState } from './AdminTable'

const ROLE_HELP: Record<Role, string> = { viewer: 'reads everything, changes nothing', responder: 'also acts on incidents', admin: 'also manages users, services and keys' }

export function CreateUserForm() {
  const create = useCreateUser()
  const hydrated = useHydrated()
  const [error, setError] = useState<string | null>(null)
  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const f = new FormData(form)
    setError(null)
    create.mutate(
      { email: String(f.get('email')), name: String(f.get('name')), role: String(f.get('role')) as Role, password: String(f.get('password')) },
      { onSuccess: () => form.reset(), onError: (err) => setError(err.message) },
    )
  }
  return (
    <section aria-labelledby="create-user-h" className="card p-5">
      <h2 id="create-user-h" className="mb-4 text-lg font-semibold">
        Add a user
      </h2>
      <form onSubmit={submit} className="grid gap-4 sm:grid-cols-2">
        <Field id="user-name" label="Name">
          <input id="user-name" name="name" required maxLength={100} className="field" autoComplete="off" />
        </Field>
        <Field id="user-email" label="Email">
          <input id="user-email" name="email" type="email" required className="field" autoComplete="off" />
        </Field>
        <Field id="user-role" label="Role">
          <select id="user-role" name="role" className="field" defaultValue="responder">
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r} — {ROLE_HELP[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="user-password" label="Initial password">
          <input id="user-password" name="password" type="password" required minLength={8} className="field" autoComplete="new-password" />
        </Field>
        <p role="alert" className="min-h-5 text-sm text-danger sm:col-span-2">
          {error}
        </p>
        <div className="sm:col-span-2">
          <button type="submit" className="btn btn-primary" disabled={!hydrated || create.isPending}>
            {create.isPending ? 'Adding…' : 'Add user'}
          </button>
        </div>
      </form>
    </section>
  )
}

export function UsersTable() {
  const users = useAdminUsers()
  const update = useUpdateUser()
  const me = useMe()
  const hydrated = useHydrated()
  return (
    <AdminSection id="users-h" title="Users">
      <TableState query={users} empty="No users yet.">
        {(rows) => (
          <AdminTable headers={['Name', 'Email', 'Role', 'State', '']}>
            {rows.map((u) => {
              const self = u.id === me.user.id
              return (
                <tr key={u.id} data-user-id={u.id} className="border-b border-line last:border-0">
                  <td className="px-3 py-2 font-medium">
                    {u.name}
                    {self && <span className="text-muted"> (you)</span>}
                  </td>
                  <td className="px-3 py-2">{u.email}</td>
                  <td className="px-3 py-2">
                    <label className="sr-only" htmlFor={`role-${u.id}`}>
                      Role of {u.name}
                    </label>
                    <select
                      id={`role-${u.id}`}
                      className="field w-auto"
                      value={u.role}
                      disabled={!hydrated || self}
                      onChange={(e) => update.mutate({ id: u.id, role: e.target.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className={`px-3 py-2 text-sm font-semibold ${u.disabled ? 'text-muted' : 'text-ok'}`}>{u.disabled ? 'Disabled' : 'Active'}</td>
                  <td className="px-3 py-2 text-right">
                    {!self && (
                      <button type="button" className={`btn btn-sm ${u.disabled ? '' : 'btn-danger'}`} disabled={!hydrated} onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                        {u.disabled ? 'Enable' : 'Disable'}
                        <span className="sr-only"> {u.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              )
            })}
          </AdminTable>
        )}
      </TableState>
    </AdminSection>
  )
}
