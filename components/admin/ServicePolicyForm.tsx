'use client'
// A service's escalation policy, or none: who is paged when one of its incidents opens.
import Link from 'next/link'
import { useState } from 'react'
import { errorProps, Field } from '@/components/ui/Field'
import { useHydrated } from '@/lib/client/hydrated'
import { usePolicies, useSetServicePolicy } from '@/lib/client/policies'

export function ServicePolicyForm({ serviceId }: { serviceId: string }) {
  const hydrated = useHydrated()
  const policies = usePolicies()
  const set = useSetServicePolicy(serviceId)
  const current = policies.data?.find((p) => p.serviceIds.includes(serviceId))?.id ?? ''
  // null: follow the server's answer; a string: what the admin picked and has not saved yet.
  const [picked, setPicked] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const value = picked ?? current
  const id = 'service-policy'
  return (
    <section aria-labelledby="service-policy-h" className="card p-5">
      <h2 id="service-policy-h" className="mb-1 text-lg font-semibold">
        Escalation
      </h2>
      <p className="mb-4 text-sm text-muted">
        When an incident of this service opens, its policy pages the people of step 1, then the next steps while nobody acknowledges.{' '}
        <Link href="/admin/policies" className="text-accent underline">
          Edit the policies
        </Link>
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault()
          setError(null)
          set.mutate(value || null, { onSuccess: () => setPicked(null), onError: (err) => setError(err.message) })
        }}
      >
        <Field id={id} label="Escalation policy" error={error} className="min-w-56 flex-1">
          <select id={id} className="field" value={value} disabled={!policies.data} onChange={(e) => setPicked(e.target.value)} {...errorProps(id, error)}>
            <option value="">None: nobody is paged</option>
            {policies.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || set.isPending || !policies.data || value === current}>
          Save policy
        </button>
      </form>
    </section>
  )
}
