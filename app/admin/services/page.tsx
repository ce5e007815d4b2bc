import type { Metadata } from 'next'
import { CreateServiceForm, ServicesTable } from '@/components/admin/ServicesPanel'
import { requireScope } from '../../_lib/session'

export const metadata: Metadata = { title: 'Services' }

export default async function ServicesPage() {
  await requireScope('/admin/services', 'admin')
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Services</h1>
      <CreateServiceForm />
      <ServicesTable />
    </div>
  )
}
