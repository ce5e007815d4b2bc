import type { Metadata } from 'next'
import { CreatePolicyForm, PoliciesTable } from '@/components/oncall/PoliciesPanel'
import { requireScope } from '../../_lib/session'

export const metadata: Metadata = { title: 'Escalation policies' }

export default async function PoliciesPage() {
  await requireScope('/admin/policies', 'admin')
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Escalation policies</h1>
      <CreatePolicyForm />
      <PoliciesTable />
    </div>
  )
}
