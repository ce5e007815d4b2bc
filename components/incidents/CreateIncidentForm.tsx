'use client'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Field, errorProps } from '@/components/ui/Field'
import { useServices, useUsers } from '@/lib/client/directory'
import { ApiError } from '@/lib/client/fetcher'
import { useHydrated } from '@/lib/client/hydrated'
import { useCreateIncident } from '@/lib/client/incidents'
import { DESCRIPTION_MAX, TITLE_MAX } from '@/lib/schemas/incidents'
import { PRIORITIES, URGENCIES } from '@/lib/schemas/values'
import { PriorityOptions } from './PriorityOptions'

export function CreateIncidentForm() {
  const services = useServices()
  const users = useUsers()
  const create = useCreateIncident()
  const router = useRouter()
  const hydrated = useHydrated()
  const [errors, setErrors] = useState<Record<string, string>>({})

  function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const text = (k: string) => String(f.get(k) ?? '').trim()
    const body = {
      title: text('title'),
      serviceId: text('serviceId'),
      urgency: text('urgency') as (typeof URGENCIES)[number],
      priority: (text('priority') || null) as (typeof PRIORITIES)[number] | null,
      description: text('description') || null,
      assigneeId: text('assigneeId') || null,
    }
    setErrors({})
    create.mutate(body, {
      onSuccess: (incident) => router.push(`/incidents/${incident.id}`),
      onError: (err) => {
        const fields = err instanceof ApiError ? Object.fromEntries(err.details.map((d) => [d.field, d.message])) : {}
        setErrors({ ...fields, form: err.message })
      },
    })
  }

  return (
    <form onSubmit={submit} className="card max-w-2xl space-y-4 p-5">
      <Field id="title" label="Title" required error={errors.title}>
        <input id="title" name="title" className="field" required maxLength={TITLE_MAX} autoFocus {...errorProps('title', errors.title)} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="serviceId" label="Service" required error={errors.serviceId}>
          <select id="serviceId" name="serviceId" className="field" required defaultValue="" {...errorProps('serviceId', errors.serviceId)}>
            <option value="" disabled>
              {services.isLoading ? 'Loading services…' : 'Choose a service'}
            </option>
            {services.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="assigneeId" label="Assignee" error={errors.assigneeId}>
          <select id="assigneeId" name="assigneeId" className="field" defaultValue="" {...errorProps('assigneeId', errors.assigneeId)}>
            <option value="">Unassigned</option>
            {users.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id="urgency" label="Urgency">
          <select id="urgency" name="urgency" className="field" defaultValue="HIGH">
            <option value="HIGH">High — page someone now</option>
            <option value="LOW">Low — during working hours</option>
          </select>
        </Field>
        <Field id="priority" label="Priority">
          <select id="priority" name="priority" className="field" defaultValue="">
            <PriorityOptions />
          </select>
        </Field>
      </div>
      <Field id="description" label="Description" error={errors.description}>
        <textarea
          id="description"
          name="description"
          rows={6}
          maxLength={DESCRIPTION_MAX}
          className="field py-2"
          {...errorProps('description', errors.description)}
        />
      </Field>
      <p role="alert" className="min-h-5 text-sm text-danger">
        {errors.form}
      </p>
      <div className="flex justify-end gap-2">
        <button type="button" className="btn" onClick={() => router.back()}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create incident'}
        </button>
      </div>
    </form>
  )
}
