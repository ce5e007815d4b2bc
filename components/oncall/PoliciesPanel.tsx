'use client'
// The escalation policies admin page: a create form, then every policy with its steps in words,
// the services that use it, and edit and delete (a refusal because a service uses it shows in the row).
import Link from 'next/link'
import { Fragment, useState } from 'react'
import { AdminSection, headerCell as th, TableState } from '@/components/admin/AdminTable'
import { ConfirmDialog } from '@/components/admin/ConfirmDialog'
import { CreateCard } from '@/components/admin/CreateCard'
import { useServices, useUsers } from '@/lib/client/directory'
import { errorMessage } from '@/lib/client/fetcher'
import { useHydrated } from '@/lib/client/hydrated'
import { useCreatePolicy, useDeletePolicy, usePolicies, useUpdatePolicy } from '@/lib/client/policies'
import { useSchedules } from '@/lib/client/schedules'
import type { EscalationPolicy } from '@/lib/schemas/escalation'
import { PolicyForm } from './PolicyForm'

export function CreatePolicyForm() {
  const create = useCreatePolicy()
  return (
    <CreateCard id="create-policy-h" title="Add an escalation policy" openLabel="New policy">
      {(done) => <PolicyForm submitLabel="Create policy" pending={create.isPending} onSubmit={(body) => create.mutateAsync(body).then(done)} />}
    </CreateCard>
  )
}

/** Names for ids: a target reads as a person's or schedule's name, a missing one as its id. */
function useNames() {
  const users = useUsers()
  const schedules = useSchedules()
  const services = useServices()
  const of = (list: { id: string; name: string }[] | undefined) => new Map(list?.map((x) => [x.id, x.name]))
  return { user: of(users.data), schedule: of(schedules.data), service: of(services.data) }
}

function StepsSummary({ policy, names }: { policy: EscalationPolicy; names: ReturnType<typeof useNames> }) {
  return (
    <>
      <ol className="space-y-0.5" aria-label={`Steps of ${policy.name}`}>
        {policy.steps.map((s, i) => (
          <li key={i}>
            <span className="text-muted">{i + 1}.</span>{' '}
            {s.targets.map((t) => (t.type === 'user' ? (names.user.get(t.id) ?? t.id) : `${names.schedule.get(t.id) ?? t.id} (schedule)`)).join(', ')}
            <span className="text-muted"> · {s.escalateAfterMinutes} min</span>
          </li>
        ))}
      </ol>
      {policy.repeat > 0 && (
        <p className="text-xs text-muted">
          then {policy.repeat} more pass{policy.repeat === 1 ? '' : 'es'}
        </p>
      )}
    </>
  )
}

function PolicyRow({ policy, names }: { policy: EscalationPolicy; names: ReturnType<typeof useNames> }) {
  const hydrated = useHydrated()
  const update = useUpdatePolicy(policy.id)
  const remove = useDeletePolicy()
  const [editing, setEditing] = useState(false)
  const [deleteError, setDeleteError] = useState<string | null>(null)
  const [confirming, setConfirming] = useState<EscalationPolicy | null>(null)
  return (
    <Fragment>
      <tr data-policy-id={policy.id} className={editing ? 'bg-raised/40' : 'border-b border-line last:border-0'}>
        <td className="px-3 py-2 align-top">
          <span className="font-medium">{policy.name}</span>
          {/* The "Used by" column gives way at phone width; the count stays. */}
          <p className="text-xs text-muted sm:hidden">
            {policy.serviceIds.length ? `used by ${policy.serviceIds.length} service${policy.serviceIds.length === 1 ? '' : 's'}` : 'unused'}
          </p>
        </td>
        <td className="px-3 py-2 align-top">
          <StepsSummary policy={policy} names={names} />
        </td>
        <td className="hidden px-3 py-2 align-top sm:table-cell">
          {policy.serviceIds.length ? (
            <ul aria-label={`Services using ${policy.name}`}>
              {policy.serviceIds.map((id) => (
                <li key={id}>
                  <Link href={`/admin/services/${encodeURIComponent(id)}`} className="text-accent hover:underline">
                    {names.service.get(id) ?? id}
                  </Link>
                </li>
              ))}
            </ul>
          ) : (
            <span className="text-muted">none</span>
          )}
        </td>
        <td className="px-3 py-2 text-right align-top">
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" className="btn btn-sm" aria-expanded={editing} disabled={!hydrated} onClick={() => setEditing((e) => !e)}>
              {editing ? 'Close' : 'Edit'}
              <span className="sr-only"> {policy.name}</span>
            </button>
            <button
              type="button"
              className="btn btn-sm"
              disabled={!hydrated || remove.isPending}
              onClick={() => {
                setDeleteError(null)
                setConfirming(policy)
              }}
            >
              Delete<span className="sr-only"> {policy.name}</span>
            </button>
          </div>
          <ConfirmDialog
            item={confirming}
            onClose={() => setConfirming(null)}
            onConfirm={(p) => remove.mutate(p, { onError: (e) => setDeleteError(`Not deleted: ${errorMessage(e)}.`) })}
            title="Delete this escalation policy?"
            action="Delete policy"
          >
            <p className="text-left">
              <strong>{policy.name}</strong> is deleted for good. A policy a service uses is kept: choose another one, or none, for the service first.
            </p>
          </ConfirmDialog>
          {deleteError && (
            <p role="alert" className="mt-2 text-left text-sm text-danger">
              {deleteError}
            </p>
          )}
        </td>
      </tr>
      {editing && (
        <tr className="border-b border-line bg-raised/40 last:border-0">
          <td colSpan={4} className="px-3 pt-2 pb-4">
            <PolicyForm initial={policy} submitLabel="Save policy" pending={update.isPending} onSubmit={(body) => update.mutateAsync(body).then(() => setEditing(false))} onCancel={() => setEditing(false)} />
          </td>
        </tr>
      )}
    </Fragment>
  )
}

export function PoliciesTable() {
  const policies = usePolicies()
  const names = useNames()
  return (
    <AdminSection id="policies-h" title="Escalation policies">
      <TableState query={policies} empty="No escalation policies yet: add one above, then choose it on a service's page.">
        {(rows) => (
          <div className="relative overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <thead className="border-b border-line bg-raised/50">
                <tr>
                  <th scope="col" className={th}>
                    Name
                  </th>
                  <th scope="col" className={th}>
                    Steps
                  </th>
                  <th scope="col" className={`${th} hidden sm:table-cell`}>
                    Used by
                  </th>
                  <th scope="col" className={th}>
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((p) => (
                  <PolicyRow key={p.id} policy={p} names={names} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </TableState>
    </AdminSection>
  )
}
