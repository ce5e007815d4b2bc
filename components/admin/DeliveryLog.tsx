'use client'
// One subscription's delivery log: its newest messages, each with every attempt (time, status,
// duration, the start of the answer, outcome) and a button to send it again.
import Link from 'next/link'
import { RelativeTime, exact } from '@/components/ui/time'
import { useDeliveries, useRedeliver } from '@/lib/client/webhooks'
import type { Delivery } from '@/lib/schemas/webhooks'
import { TableState } from './AdminTable'

export const DELIVERY_STATE_LABEL: Record<Delivery['state'], string> = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed' }
export const DELIVERY_STATE_STYLE: Record<Delivery['state'], string> = { pending: 'text-muted', delivered: 'text-ok', failed: 'text-danger' }
const OUTCOME_LABEL = { delivered: 'delivered', retry: 'will retry', failed: 'failed for good' } as const

const cell = 'px-2 py-1.5 align-top'
const head = 'px-2 py-1.5 text-left text-xs font-semibold text-muted uppercase'

function Message({ webhookId, d }: { webhookId: string; d: Delivery }) {
  const redeliver = useRedeliver(webhookId)
  return (
    <li data-delivery-id={d.id} className="space-y-2 border-t border-line py-3 first:border-0">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <code className="font-mono text-xs">{d.type}</code>
        <span className={`font-semibold ${DELIVERY_STATE_STYLE[d.state]}`}>{DELIVERY_STATE_LABEL[d.state]}</span>
        <Link href={`/incidents/${encodeURIComponent(d.incidentId)}`} className="text-accent underline">
          Incident
        </Link>
        <span className="text-muted">
          <RelativeTime iso={d.createdAt} suffix=" ago" />
        </span>
        {d.nextAttemptAt && <span className="text-muted">next try {exact(d.nextAttemptAt)}</span>}
        <button
          type="button"
          className="btn btn-sm ml-auto"
          disabled={redeliver.isPending || d.state === 'pending'}
          onClick={() => redeliver.mutate(d.id)}
          aria-label={`Redeliver ${d.type} ${d.id}`}
        >
          Redeliver
        </button>
      </div>
      <p className="font-mono text-xs break-all text-muted">webhook-id {d.id}</p>
      {d.attempts.length ? (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[36rem] border-collapse text-xs">
            <thead>
              <tr className="border-b border-line">
                {['Time', 'Status', 'Duration', 'Answer', 'Outcome'].map((h) => (
                  <th key={h} scope="col" className={head}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.attempts.map((a, i) => (
                <tr key={i} className="border-b border-line last:border-0">
                  <td className={`${cell} whitespace-nowrap`}>{exact(a.at)}</td>
                  <td className={cell}>{a.status ?? <span className="text-muted">no answer</span>}</td>
                  <td className={`${cell} whitespace-nowrap`}>{a.durationMs} ms</td>
                  <td className={`${cell} max-w-[20rem]`}>
                    <code className="font-mono break-all whitespace-pre-wrap">{a.error ?? (a.response ? a.response.slice(0, 200) : '')}</code>
                  </td>
                  <td className={`${cell} whitespace-nowrap ${a.outcome === 'delivered' ? 'text-ok' : a.outcome === 'failed' ? 'text-danger' : ''}`}>
                    {OUTCOME_LABEL[a.outcome]}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="text-xs text-muted">No attempt yet.</p>
      )}
    </li>
  )
}

export function DeliveryLog({ id, webhookId }: { id: string; webhookId: string }) {
  const deliveries = useDeliveries(webhookId)
  return (
    <section id={id} aria-label="Delivery log" className="rounded-md border border-line bg-page px-3">
      <TableState query={deliveries} empty="Nothing sent yet. Messages appear here when incidents change.">
        {(rows) => (
          <ul>
            {rows.map((d) => (
              <Message key={d.id} webhookId={webhookId} d={d} />
            ))}
          </ul>
        )}
      </TableState>
    </section>
  )
}
