'use client'
import { useState } from 'react'
import { RelativeTime, exact } from '@/components/ui/time'
import { useApiKeys, useRevokeApiKey } from '@/lib/client/admin'
import { useHydrated } from '@/lib/client/hydrated'
import type { ApiKeySummary } from '@/lib/schemas/admin'
import { AdminSection, AdminTable, TableState } from './AdminTable'
import { ConfirmDialog } from './ConfirmDialog'

function keyState(k: ApiKeySummary): { text: string; live: boolean } {
  if (k.revokedAt) return { text: 'Revoked', live: false }
  if (k.expiresAt && new Date(k.expiresAt) <= new Date()) return { text: 'Expired', live: false }
  return { text: 'Active', live: true }
}

export function KeysTable() {
  const keys = useApiKeys()
  const revoke = useRevokeApiKey()
  const hydrated = useHydrated()
  const [confirm, setConfirm] = useState<ApiKeySummary | null>(null)
  return (
    <AdminSection id="keys-h" title="API keys">
      <TableState query={keys} empty="No API keys yet. Create one above to connect a tool.">
        {(rows) => (
          <AdminTable headers={['Name', 'Key', 'Scopes', 'Last used', 'Expires', 'State', '']}>
            {rows.map((k) => {
              const state = keyState(k)
              return (
                <tr key={k.id} data-key-id={k.id} className="border-b border-line last:border-0">
                  <td className="px-3 py-2 font-medium">{k.name}</td>
                  <td className="px-3 py-2">
                    <code className="font-mono text-xs">{k.prefix}…</code>
                  </td>
                  <td className="px-3 py-2 text-xs">{k.scopes.join(', ')}</td>
                  <td className="px-3 py-2 text-sm">{k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt} suffix=" ago" /> : <span className="text-muted">Never</span>}</td>
                  <td className="px-3 py-2 text-sm">{k.expiresAt ? exact(k.expiresAt) : <span className="text-muted">Never</span>}</td>
                  <td className={`px-3 py-2 text-sm font-semibold ${state.live ? 'text-ok' : 'text-muted'}`}>{state.text}</td>
                  <td className="px-3 py-2 text-right">
                    {!k.revokedAt && (
                      <button type="button" className="btn btn-sm btn-danger" onClick={() => setConfirm(k)} disabled={!hydrated} aria-label={`Revoke ${k.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              )
            })}
          </AdminTable>
        )}
      </TableState>
      <ConfirmDialog item={confirm} onClose={() => setConfirm(null)} onConfirm={(k) => revoke.mutate(k)} title="Revoke this key?" action="Revoke key">
        <p>
          Anything using <strong>{confirm?.name}</strong> ({confirm?.prefix}…) stops working at once. This cannot be undone.
        </p>
      </ConfirmDialog>
    </AdminSection>
  )
}
