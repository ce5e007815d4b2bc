import type { Metadata } from 'next'
import { ServicePolicyForm } from '@/components/admin/ServicePolicyForm'
import { CreateIntegrationForm, IntegrationsTable, ServiceHeading } from '@/components/admin/IntegrationsPanel'
import { appUrl } from '@/lib/env'
import { requireScope } from '../../../_lib/session'

export const metadata: Metadata = { title: 'Service' }

type Props = { params: Promise<{ id: string }> }

export default async function ServicePage({ params }: Props) {
  const { id } = await params
  await requireScope(`/admin/services/${encodeURIComponent(id)}`, 'admin')
  return (
    <div className="space-y-4">
      <ServiceHeading serviceId={id} />
      <ServicePolicyForm serviceId={id} />
      <CreateIntegrationForm serviceId={id} appUrl={appUrl()} />
      <IntegrationsTable serviceId={id} />
    </div>
  )
}
