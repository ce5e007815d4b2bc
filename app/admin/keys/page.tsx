import type { Metadata } from 'next'
import { CreateKeyForm } from '@/components/admin/CreateKeyForm'
import { KeysTable } from '@/components/admin/KeysTable'
import { requireScope } from '../../_lib/session'

export const metadata: Metadata = { title: 'API keys' }

export default async function KeysPage() {
  await requireScope('/admin/keys', 'admin')
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">API keys</h1>
      <CreateKeyForm />
      <KeysTable />
    </div>
  )
}
