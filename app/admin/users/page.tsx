import type { Metadata } from 'next'
import { CreateUserForm, UsersTable } from '@/components/admin/UsersPanel'
import { requireScope } from '../../_lib/session'

export const metadata: Metadata = { title: 'Users' }

export default async function UsersPage() {
  await requireScope('/admin/users', 'admin')
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Users</h1>
      <CreateUserForm />
      <UsersTable />
    </div>
  )
}
