'use client'
// A service's integrations: events:write keys bound to it. Creating one shows its key once, with
// the URL of each ingestion endpoint and a configuration for each sender, ready to paste.
import Link from 'next/link'
import { useState } from 'react'
import { Field } from '@/components/ui/Field'
import { exact } from '@/components/ui/time'
import { useApiKeys, useCreateApiKey } from '@/lib/client/admin'
import { useServices } from '@/lib/client/directory'
import { useHydrated } from '@/lib/client/hydrated'
import { integrationSnippets, integrationUrls } from '@/lib/events/rules/snippets'
import type { ApiKeySummary, CreatedKey } from '@/lib/schemas/admin'
import { AdminSection, AdminTable, TableState } from './AdminTable'
import { CopyBlock, CopyField } from './CopyField'
import { LastUsedCell, PrefixCell, RevokeButton, RevokeKeyDialog } from './KeysTable'

/** The app's public address: APP_URL from the server, else where this page was loaded from. */
function useBaseUrl(appUrl: string | undefined): string {
  const hydrated = useHydrated()
  return appUrl ?? (hydrated ? window.location.origin : '')
}

export function ServiceHeading({ serviceId }: { serviceId: string }) {
  const services = useServices()
  const service = services.data?.find((s) => s.id === serviceId)
  return (
    <div>
      <p className="text-sm">
        <Link href="/admin/services" className="text-accent hover:underline">
          Services
        </Link>
      </p>
      <h1 className="text-xl font-semibold">{service?.name ?? (services.isPending ? 'Service' : 'Unknown service')}</h1>
      <p className="text-sm text-muted">
        <code className="font-mono text-xs">{serviceId}</code>
      </p>
    </div>
  )
}

function NewIntegration({ created, baseUrl, onDone }: { created: CreatedKey; baseUrl: string; onDone: () => void }) {
  const urls = integrationUrls(baseUrl)
  const s = integrationSnippets(baseUrl, created.name, created.key)
  return (
    <div className="space-y-4 rounded-md border border-accent bg-selected p-4" data-testid="new-integration">
      <p className="text-sm font-semibold">Integration “{created.name}” created. Copy its key now: it is shown only this once.</p>
      <CopyField id="integration-key" label="Integration key" value={created.key} />
      <div className="grid gap-x-4 sm:grid-cols-2">
        <CopyField id="url-alertmanager" label="Alertmanager and Grafana webhook URL" value={urls.alertmanager} />
        <CopyField id="url-events" label="PagerDuty Events API v2 URL" value={urls.events} />
        <CopyField id="url-generic" label="Generic JSON URL" value={urls.generic} />
      </div>
      <CopyBlock
        id="snippet-am-webhook"
        label="Alertmanager: webhook receiver"
        hint={<>alertmanager.yml: add the receiver under <code>receivers:</code> and name it in a route. Resolved alerts resolve the incident.</>}
        value={s.alertmanagerWebhook}
      />
      <CopyBlock
        id="snippet-am-pagerduty"
        label="Alertmanager: PagerDuty receiver"
        hint={<>The same, through Alertmanager&apos;s PagerDuty integration: the key is the routing key.</>}
        value={s.alertmanagerPagerDuty}
      />
      <CopyBlock
        id="snippet-grafana"
        label="Grafana: webhook contact point"
        hint={<>A provisioning file, or the same URL and a Bearer authorization in Alerting → Contact points → Webhook.</>}
        value={s.grafana}
      />
      <CopyBlock id="snippet-curl" label="Test it with curl" hint="Opens a LOW-urgency test incident; run it again and it folds into the same one." value={s.curl} />
      <button type="button" className="btn btn-sm" onClick={onDone}>
        Done, I have stored the key
      </button>
    </div>
  )
}

export function CreateIntegrationForm({ serviceId, appUrl }: { serviceId: string; appUrl?: string }) {
  const create = useCreateApiKey()
  const hydrated = useHydrated()
  const baseUrl = useBaseUrl(appUrl)
  const [created, setCreated] = useState<CreatedKey | null>(null)
  const [error, setError] = useState<string | null>(null)
  return (
    <section aria-labelledby="create-integration-h" className="card space-y-4 p-5">
      <h2 id="create-integration-h" className="text-lg font-semibold">
        Add an integration
      </h2>
      <p className="text-sm text-muted">
        An integration is a key that monitoring tools (Alertmanager, Grafana, anything speaking PagerDuty&apos;s Events API) use to open incidents on this service.
        Repeats of one alert fold into one incident.
      </p>
      {created && <NewIntegration created={created} baseUrl={baseUrl} onDone={() => setCreated(null)} />}
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault()
          const form = e.currentTarget
          setError(null)
          const name = String(new FormData(form).get('name') ?? '').trim()
          create.mutate(
            { name, scopes: ['events:write'], expiresInDays: null, serviceId },
            {
              onSuccess: (key) => {
                setCreated(key)
                form.reset()
              },
              onError: (err) => setError(err.message),
            },
          )
        }}
      >
        <Field id="integration-name" label="Name" className="min-w-56 flex-1">
          <input id="integration-name" name="name" required maxLength={100} className="field" placeholder="e.g. Alertmanager production" />
        </Field>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || create.isPending}>
          {create.isPending ? 'Creating…' : 'Create integration'}
        </button>
      </form>
      <p role="alert" className="min-h-5 text-sm text-danger">
        {error}
      </p>
    </section>
  )
}

const isIntegrationOf = (serviceId: string) => (k: ApiKeySummary) => k.serviceId === serviceId && k.scopes.includes('events:write') && !k.revokedAt

export function IntegrationsTable({ serviceId }: { serviceId: string }) {
  const keys = useApiKeys()
  const hydrated = useHydrated()
  const [confirm, setConfirm] = useState<ApiKeySummary | null>(null)
  const integrations = { ...keys, data: keys.data?.filter(isIntegrationOf(serviceId)) } as typeof keys
  return (
    <AdminSection id="integrations-h" title="Integrations">
      <TableState query={integrations} empty="No integrations yet. Add one above to let a monitoring tool page into this service.">
        {(rows) => (
          <AdminTable headers={['Name', 'Key', 'Created', 'Last used', '']}>
            {rows.map((k) => (
              <tr key={k.id} data-key-id={k.id} className="border-b border-line last:border-0">
                <td className="px-3 py-2 font-medium">{k.name}</td>
                <PrefixCell k={k} />
                <td className="px-3 py-2 text-sm">{exact(k.createdAt)}</td>
                <LastUsedCell k={k} />
                <td className="px-3 py-2 text-right">
                  <RevokeButton k={k} onClick={() => setConfirm(k)} disabled={!hydrated} />
                </td>
              </tr>
            ))}
          </AdminTable>
        )}
      </TableState>
      <RevokeKeyDialog target={confirm} onClose={() => setConfirm(null)} />
    </AdminSection>
  )
}
