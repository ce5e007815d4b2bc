import type { Metadata } from 'next'
import { AckLinkCard, type AckLinkView } from '@/components/notify/AckLinkCard'
import { getDb } from '@/lib/db/client'
import { inspectAckLink } from '@/lib/notify/ackLinks'

// The token is the credential: no search engine keeps it, no other site learns it as a referrer.
export const metadata: Metadata = { title: 'Acknowledge', robots: { index: false, follow: false }, referrer: 'no-referrer' }

type Props = { params: Promise<{ token: string }> }

/** An email's one-click acknowledge link: no sign-in; shows, never acts on GET (mail scanners fetch links). */
export default async function AckPage({ params }: Props) {
  const { token } = await params
  const seen = await inspectAckLink(await getDb(), token)
  const view: AckLinkView = seen.state === 'invalid' ? seen : { state: seen.state, incident: seen.incident, userName: seen.user.name }
  return (
    <main className="flex min-h-dvh items-start justify-center p-4 sm:items-center">
      <div className="card w-full max-w-md p-6 shadow-sm">
        <h1 className="mb-4 flex items-center gap-2 text-sm font-semibold text-muted">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-full bg-danger" />
          Incident Console
        </h1>
        <AckLinkCard token={token} view={view} />
      </div>
    </main>
  )
}
