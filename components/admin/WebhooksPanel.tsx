'use client'
// The admin webhooks page: add a subscription (its secret shown once), and per subscription its
// state, edit, pause/resume, delete, a test message and the delivery log.
import { useRef, useState } from 'react'
import { RelativeTime, exact } from '@/components/ui/time'
import { useServices } from '@/lib/client/directory'
import { useHydrated } from '@/lib/client/hydrated'
import { toast } from '@/lib/client/toasts'
import { useCreateWebhook, useDeleteWebhook, useTestWebhook, useUpdateWebhook, useWebhooks } from '@/lib/client/webhooks'
import type { CreatedWebhook, TestResult, Webhook } from '@/lib/schemas/webhooks'
import { AdminSection, TableState } from './AdminTable'
import { ConfirmDialog } from './ConfirmDialog'
import { CopyField } from './CopyField'
import { DeliveryLog } from './DeliveryLog'
import { FORMAT_LABEL, WebhookFields, readWebhookForm } from './WebhookFields'

export function CreateWebhookForm() {
  const create = useCreateWebhook()
  const hydrated = useHydrated()
  const [created, setCreated] = useState<CreatedWebhook | null>(null)
  const [error, setError] = useState<string | null>(null)
  // A fresh form after each creation: the radios and checkboxes go back to their defaults.
  const [formKey, setFormKey] = useState(0)
  return (
    <section aria-labelledby="create-webhook-h" className="card space-y-4 p-5">
      <h2 id="create-webhook-h" className="text-lg font-semibold">
        Add a webhook
      </h2>
      {created && (
        <div className="space-y-2 rounded-md border border-accent bg-selected p-4" data-testid="new-webhook">
          <p className="text-sm font-semibold break-all">
            Webhook to {created.url} added. Copy its signing secret now: it is shown only this once.
          </p>
          <CopyField id="new-webhook-secret" label="Signing secret" value={created.secret} />
          <button type="button" className="btn btn-sm" onClick={() => setCreated(null)}>
            Done, I have stored it
          </button>
        </div>
      )}
      <form
        key={formKey}
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault()
          setError(null)
          create.mutate(readWebhookForm(e.currentTarget), {
            onSuccess: (hook) => {
              setCreated(hook)
              setFormKey((k) => k + 1)
            },
            onError: (err) => setError(err.message),
          })
        }}
      >
        <WebhookFields prefix="new-webhook" />
        <p role="alert" className="min-h-5 text-sm text-danger">
          {error}
        </p>
        <button type="submit" className="btn btn-primary" disabled={!hydrated || create.isPending}>
          {create.isPending ? 'Adding…' : 'Add webhook'}
        </button>
      </form>
    </section>
  )
}

/** Active, paused by an admin, or turned off after 3 days of failures — in words, not colour alone. */
function WebhookState({ hook }: { hook: Webhook }) {
  if (hook.enabled) {
    return (
      <p className="text-sm">
        <span className="font-semibold text-ok">Active</span>
        {hook.failingSince && (
          <span className="text-danger">
            {' '}
            · every delivery failing since <span title={exact(hook.failingSince)}>{exact(hook.failingSince)}</span>; turned off after 3 days of this
          </span>
        )}
      </p>
    )
  }
  if (hook.disabledReason === 'failing') {
    return (
      <p className="text-sm font-semibold text-danger" data-testid="disabled-reason">
        Disabled after 3 days of failures: every delivery since {hook.failingSince ? exact(hook.failingSince) : 'then'} failed. Check the delivery log, fix the
        endpoint, then resume.
      </p>
    )
  }
  return <p className="text-sm font-semibold text-muted">Paused</p>
}

function TestOutcome({ result }: { result: TestResult }) {
  const ok = result.status !== null && result.status >= 200 && result.status < 300
  return (
    <span className={ok ? 'text-ok' : 'text-danger'}>
      Test {ok ? 'delivered' : 'failed'}: {result.status !== null ? `HTTP ${result.status}` : result.error} in {result.durationMs} ms
    </span>
  )
}

function WebhookRow({ hook, serviceName, onDelete }: { hook: Webhook; serviceName: (id: string) => string; onDelete: (h: Webhook) => void }) {
  const hydrated = useHydrated()
  const update = useUpdateWebhook()
  const test = useTestWebhook()
  const [editing, setEditing] = useState(false)
  const [logOpen, setLogOpen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const editButton = useRef<HTMLButtonElement>(null)
  const stopEditing = () => {
    setEditing(false)
    setError(null)
    requestAnimationFrame(() => editButton.current?.focus())
  }
  const name = hook.url
  const events = hook.events.includes('*') ? 'Every event' : hook.events.map((e) => e.replace('incident.', '')).join(', ')
  const services = hook.serviceIds ? hook.serviceIds.map(serviceName).join(', ') : 'Every service'
  const logId = `log-${hook.id}`
  return (
    <li data-webhook-id={hook.id} className="space-y-3 border-b border-line px-4 py-4 last:border-0">
      <div className="space-y-1">
        <p className="font-mono text-sm font-medium break-all">{hook.url}</p>
        <WebhookState hook={hook} />
        <dl className="grid grid-cols-[5.5rem_1fr] gap-x-3 gap-y-0.5 text-sm">
          <dt className="text-muted">Events</dt>
          <dd className="min-w-0 break-words">{events}</dd>
          <dt className="text-muted">Services</dt>
          <dd className="min-w-0 break-words">{services}</dd>
          <dt className="text-muted">Format</dt>
          <dd>{FORMAT_LABEL[hook.format]}</dd>
          <dt className="text-muted">Added</dt>
          <dd>
            <RelativeTime iso={hook.createdAt} suffix=" ago" />
          </dd>
        </dl>
      </div>
      {editing ? (
        <form
          className="space-y-3 rounded-md border border-line p-3"
          aria-label={`Edit ${name}`}
          onSubmit={(e) => {
            e.preventDefault()
            setError(null)
            update.mutate(
              { id: hook.id, ...readWebhookForm(e.currentTarget) },
              {
                onSuccess: () => {
                  toast('success', 'Webhook saved')
                  stopEditing()
                },
                onError: (err) => setError(err.message),
              },
            )
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') stopEditing()
          }}
        >
          <WebhookFields prefix={`edit-${hook.id}`} initial={hook} />
          <p role="alert" className="min-h-5 text-sm text-danger">
            {error}
          </p>
          <div className="flex gap-2">
            <button type="submit" className="btn btn-sm btn-primary" disabled={update.isPending}>
              Save
            </button>
            <button type="button" className="btn btn-sm" onClick={stopEditing}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" className="btn btn-sm" disabled={!hydrated || test.isPending} onClick={() => test.mutate(hook.id)}>
            {test.isPending ? 'Sending…' : 'Send test'}
          </button>
          <button type="button" className="btn btn-sm" aria-expanded={logOpen} aria-controls={logId} disabled={!hydrated} onClick={() => setLogOpen((o) => !o)}>
            Delivery log
          </button>
          <button ref={editButton} type="button" className="btn btn-sm" disabled={!hydrated} onClick={() => setEditing(true)}>
            Edit
          </button>
          <button
            type="button"
            className="btn btn-sm"
            disabled={!hydrated || update.isPending}
            onClick={() =>
              update.mutate(
                { id: hook.id, enabled: !hook.enabled },
                { onSuccess: (h) => toast('success', h.enabled ? 'Webhook resumed' : 'Webhook paused'), onError: (err) => toast('error', err.message) },
              )
            }
          >
            {hook.enabled ? 'Pause' : 'Resume'}
          </button>
          <button type="button" className="btn btn-sm btn-danger" disabled={!hydrated} onClick={() => onDelete(hook)}>
            Delete
          </button>
          <span role="status" className="text-sm">
            {test.data && <TestOutcome result={test.data} />}
            {test.error && <span className="text-danger">{test.error.message}</span>}
          </span>
        </div>
      )}
      {logOpen && <DeliveryLog id={logId} webhookId={hook.id} />}
    </li>
  )
}

export function WebhooksList() {
  const hooks = useWebhooks()
  const services = useServices()
  const remove = useDeleteWebhook()
  const [confirm, setConfirm] = useState<Webhook | null>(null)
  const serviceName = (id: string) => services.data?.find((s) => s.id === id)?.name ?? id
  return (
    <AdminSection id="webhooks-h" title="Webhooks">
      <TableState query={hooks} empty="No webhooks yet. Add one above to send incident changes to chat or a ticketing tool.">
        {(rows) => (
          <ul>
            {rows.map((h) => (
              <WebhookRow key={h.id} hook={h} serviceName={serviceName} onDelete={setConfirm} />
            ))}
          </ul>
        )}
      </TableState>
      <ConfirmDialog item={confirm} onClose={() => setConfirm(null)} onConfirm={(h) => remove.mutate(h)} title="Delete this webhook?" action="Delete webhook">
        <p className="break-all">
          Nothing more is sent to <strong>{confirm?.url}</strong>, and its delivery log is deleted with it. This cannot be undone; pausing keeps both.
        </p>
      </ConfirmDialog>
    </AdminSection>
  )
}
