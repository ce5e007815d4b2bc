// The page an email's acknowledge link opens (app/ack/[token]): works signed out, at phone width.
// Nothing is acknowledged by opening it (mail scanners fetch links); the button does it.
'use client'
import Link from 'next/link'
import { useState } from 'react'
import { StatusBadge, UrgencyBadge } from '@/components/ui/badges'
import { api, errorMessage } from '@/lib/client/fetcher'
import { useHydrated } from '@/lib/client/hydrated'
import type { Incident } from '@/lib/schemas/incidents'

export type AckLinkView =
  | { state: 'invalid' }
  | { state: 'ready' | 'used' | 'expired' | 'settled'; incident: Incident; userName: string }

function IncidentSummary({ incident }: { incident: Incident }) {
  return (
    <section aria-label="Incident" className="my-4 rounded-md border border-line bg-raised p-4">
      <p className="text-sm text-muted">
        #{incident.number} · {incident.service.name}
      </p>
      <p className="mt-1 font-semibold break-words">{incident.title}</p>
      <p className="mt-2 flex items-center gap-3">
        <StatusBadge status={incident.status} />
        <UrgencyBadge urgency={incident.urgency} />
      </p>
    </section>
  )
}

const incidentPath = (incident: Incident) => `/incidents/${encodeURIComponent(incident.id)}`

function OpenIncident({ incident }: { incident: Incident }) {
  return (
    <Link href={incidentPath(incident)} prefetch={false} className="text-sm text-accent underline">
      Open the incident in the dashboard (sign-in needed)
    </Link>
  )
}

export function AckLinkCard({ token, view }: { token: string; view: AckLinkView }) {
  const hydrated = useHydrated()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<Incident | null>(null)

  if (view.state === 'invalid') {
    return (
      <>
        <h2 className="text-lg font-semibold">This link is not valid</h2>
        <p className="mt-2 text-sm text-muted">
          It may have been cut short or changed on the way, or the person it was sent to can no longer sign in. Open the incident from the
          dashboard instead.
        </p>
        <Link href="/" prefetch={false} className="mt-4 inline-block text-sm text-accent underline">
          Go to the dashboard
        </Link>
      </>
    )
  }

  const { incident, userName } = view
  if (done) {
    return (
      <>
        <h2 className="text-lg font-semibold text-ok">Acknowledged</h2>
        <p className="mt-2 text-sm">You ({userName}) acknowledged it. Escalation stops here.</p>
        <IncidentSummary incident={done} />
        <OpenIncident incident={done} />
      </>
    )
  }

  async function acknowledge() {
    setBusy(true)
    setError(null)
    try {
      setDone((await api<{ incident: Incident }>('/api/ack', { method: 'POST', body: { token } })).incident)
    } catch (e) {
      setError(errorMessage(e))
      setBusy(false)
    }
  }

  const headline = {
    ready: `Acknowledge incident #${incident.number}?`,
    used: 'This link was used already',
    expired: 'This link has expired',
    settled: `Incident #${incident.number} is ${incident.status === 'RESOLVED' ? 'resolved' : 'acknowledged'} already`,
  }[view.state]
  const explanation = {
    ready: `You are acknowledging as ${userName}. This tells everyone you are on it and stops its escalation.`,
    used: 'Each acknowledge link works once. Nothing more to do here.',
    expired: 'Acknowledge links work for 24 hours after the email was sent. Open the incident to act on it.',
    settled: 'Nothing more to do here.',
  }[view.state]

  return (
    <>
      <h2 className="text-lg font-semibold">{headline}</h2>
      <p className="mt-2 text-sm text-muted">{explanation}</p>
      <IncidentSummary incident={incident} />
      {view.state === 'ready' && (
        <>
          <p role="alert" className="mb-2 min-h-5 text-sm text-danger">
            {error}
          </p>
          <button type="button" className="btn btn-primary mb-4 w-full py-3 text-base" disabled={!hydrated || busy} onClick={acknowledge}>
            {busy ? 'Acknowledging…' : 'Acknowledge'}
          </button>
        </>
      )}
      <OpenIncident incident={incident} />
    </>
  )
}
