import type { Metadata } from 'next'
import { CreateIncidentForm } from '@/components/incidents/CreateIncidentForm'
import { requireScope } from '../../_lib/session'

export const metadata: Metadata = { title: 'New incident' }

export default async function NewIncidentPage() {
  await requireScope('/incidents/new', 'incidents:write')
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">New incident</h1>
      <CreateIncidentForm />
    </div>
  )
}
