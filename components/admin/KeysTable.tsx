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
                  <PrefixCell k={k} />
                  <td className="px-3 py-2 text-xs">{k.scopes.join(', ')}</td>
                  <LastUsedCell k={k} />
                  <td className="px-3 py-2 text-sm">{k.expiresAt ? exact(k.expiresAt) : <span className="text-muted">Never</span>}</td>
                  <td className={`px-3 py-2 text-sm font-semibold ${state.live ? 'text-ok' : 'text-muted'}`}>{state.text}</td>
                  <td className="px-3 py-2 text-right">
                    {!k.revokedAt && (
                      <RevokeButton k={k} onClick={() => setConfirm(k)} disabled={!hydrated} />
                    )}
                  </td>
                </tr>
              )
            })}
          </AdminTable>
        )}
      </TableState>
      <RevokeKeyDialog target={confirm} onClose={() => setConfirm(null)} />
    </AdminSection>
  )
}

/** Asks before revoking `target` (null: closed); revokes on confirmation. */
export function RevokeKeyDialog({ target, onClose }: { target: ApiKeySummary | null; onClose: () => void }) {
  const revoke = useRevokeApiKey()
  return (
    <ConfirmDialog item={target} onClose={onClose} onConfirm={(k) => revoke.mutate(k)} title="Revoke this key?" action="Revoke key">
      <p>
        Anything using <strong>{target?.name}</strong> ({target?.prefix}…) stops working at once. This cannot be undone.
      </p>
    </ConfirmDialog>
  )
}

export const PrefixCell = ({ k }: { k: ApiKeySummary }) => (
  <td className="px-3 py-2">
    <code className="font-mono text-xs">{k.prefix}…</code>
  </td>
)

export const LastUsedCell = ({ k }: { k: ApiKeySummary }) => (
  <td className="px-3 py-2 text-sm">{k.lastUsedAt ? <RelativeTime iso={k.lastUsedAt} suffix=" ago" /> : <span className="text-muted">Never</span>}</td>
)

export const RevokeButton = ({ k, onClick, disabled }: { k: ApiKeySummary; onClick: () => void; disabled: boolean }) => (
  <button type="button" className="btn btn-sm btn-danger" onClick={onClick} disabled={disabled} aria-label={`Revoke ${k.name}`}>
    Revoke
  </button>
)
