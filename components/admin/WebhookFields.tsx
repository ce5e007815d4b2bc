'use client'
// The fields a subscription is made of (URL, format, events, services), shared by the add form and
// each row's edit form, and the one place that reads them back out of a submitted form.
import { useState } from 'react'
import { Field } from '@/components/ui/Field'
import { useServices } from '@/lib/client/directory'
import { WEBHOOK_EVENT_TYPES } from '@/lib/notify/rules/types'
import { WEBHOOK_FORMATS, type CreateWebhookInput, type Webhook } from '@/lib/schemas/webhooks'

export const FORMAT_LABEL: Record<(typeof WEBHOOK_FORMATS)[number], string> = {
  standard: 'Standard Webhooks (signed JSON)',
  slack: 'Slack incoming webhook (Block Kit)',
}

export type WebhookFormValues = Pick<CreateWebhookInput, 'url' | 'format' | 'events' | 'serviceIds'>

/** The values of a form holding WebhookFields. */
export function readWebhookForm(form: HTMLFormElement): WebhookFormValues {
  const f = new FormData(form)
  return {
    url: String(f.get('url') ?? '').trim(),
    format: String(f.get('format')) as WebhookFormValues['format'],
    events: f.get('eventScope') === 'all' ? ['*'] : (f.getAll('events').map(String) as WebhookFormValues['events']),
    serviceIds: f.get('serviceScope') === 'all' ? null : f.getAll('serviceIds').map(String),
  }
}

const legend = 'label'
const choice = 'flex items-start gap-2 text-sm'
const box = 'mt-0.5 size-4 shrink-0 accent-accent'

/** `prefix` keeps ids unique when several forms are on the page. */
export function WebhookFields({ prefix, initial }: { prefix: string; initial?: Webhook }) {
  const services = useServices()
  const [allEvents, setAllEvents] = useState(!initial || initial.events.includes('*'))
  const [allServices, setAllServices] = useState(!initial?.serviceIds)
  const chosenEvents = new Set(initial?.events ?? [])
  const chosenServices = new Set(initial?.serviceIds ?? [])
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <Field id={`${prefix}-url`} label="URL">
          <input
            id={`${prefix}-url`}
            name="url"
            type="url"
            required
            maxLength={2000}
            defaultValue={initial?.url}
            className="field font-mono"
            placeholder="https://hooks.example.com/incidents"
            autoComplete="off"
          />
        </Field>
        <Field id={`${prefix}-format`} label="Format">
          <select id={`${prefix}-format`} name="format" className="field" defaultValue={initial?.format ?? 'standard'}>
            {WEBHOOK_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABEL[f]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <fieldset>
          <legend className={legend}>Events</legend>
          <div className="space-y-1.5">
            <label className={choice}>
              <input type="radio" name="eventScope" value="all" checked={allEvents} onChange={() => setAllEvents(true)} className={box} />
              Every event, including types added later
            </label>
            <label className={choice}>
              <input type="radio" name="eventScope" value="some" checked={!allEvents} onChange={() => setAllEvents(false)} className={box} />
              Only these:
            </label>
            <div className="grid gap-1 pl-6 sm:grid-cols-1 lg:grid-cols-2">
              {WEBHOOK_EVENT_TYPES.map((t) => (
                <label key={t} className={`${choice} ${allEvents ? 'text-muted' : ''}`}>
                  <input type="checkbox" name="events" value={t} disabled={allEvents} defaultChecked={chosenEvents.has(t)} className={box} />
                  <code className="font-mono text-xs break-all">{t.replace('incident.', '')}</code>
                </label>
              ))}
            </div>
          </div>
        </fieldset>
        <fieldset>
          <legend className={legend}>Services</legend>
          <div className="space-y-1.5">
            <label className={choice}>
              <input type="radio" name="serviceScope" value="all" checked={allServices} onChange={() => setAllServices(true)} className={box} />
              Every service, including new ones
            </label>
            <label className={choice}>
              <input type="radio" name="serviceScope" value="some" checked={!allServices} onChange={() => setAllServices(false)} className={box} />
              Only these:
            </label>
            <div className="space-y-1 pl-6">
              {(services.data ?? []).map((s) => (
                <label key={s.id} className={`${choice} ${allServices ? 'text-muted' : ''}`}>
                  <input type="checkbox" name="serviceIds" value={s.id} disabled={allServices} defaultChecked={chosenServices.has(s.id)} className={box} />
                  {s.name}
                </label>
              ))}
            </div>
          </div>
        </fieldset>
      </div>
    </div>
  )
}
