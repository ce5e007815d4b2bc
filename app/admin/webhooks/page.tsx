import type { Metadata } from 'next'
import { CreateWebhookForm, WebhooksList } from '@/components/admin/WebhooksPanel'
import { requireScope } from '../../_lib/session'

export const metadata: Metadata = { title: 'Webhooks' }

export default async function WebhooksPage() {
  await requireScope('/admin/webhooks', 'admin')
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Webhooks</h1>
      <CreateWebhookForm />
      <WebhooksList />
    </div>
  )
}
