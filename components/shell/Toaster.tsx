'use client'
import { dismiss, useToasts } from '@/lib/client/toasts'

/** Announces results politely and failures at once; errors stay until dismissed. */
export function Toaster() {
  const toasts = useToasts()
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-3 sm:items-end">
      <div role="status" aria-live="polite" className="contents">
        {toasts.filter((t) => t.kind === 'success').map((t) => (
          <ToastItem key={t.id} id={t.id} text={t.text} kind="success" />
        ))}
      </div>
      <div role="alert" aria-live="assertive" className="contents">
        {toasts.filter((t) => t.kind === 'error').map((t) => (
          <ToastItem key={t.id} id={t.id} text={t.text} kind="error" />
        ))}
      </div>
    </div>
  )
}

function ToastItem({ id, text, kind }: { id: number; text: string; kind: 'success' | 'error' }) {
  return (
    <div
      data-toast={kind}
      className={`pointer-events-auto flex w-full max-w-md items-start gap-3 rounded-lg border bg-surface px-4 py-3 text-sm shadow-lg ${
        kind === 'error' ? 'border-danger' : 'border-line'
      }`}
    >
      <span aria-hidden="true" className={kind === 'error' ? 'text-danger' : 'text-ok'}>
        {kind === 'error' ? '✕' : '✓'}
      </span>
      <p className="min-w-0 flex-1 break-words">{text}</p>
      <button type="button" className="-m-1 rounded p-1 text-muted hover:text-fg" onClick={() => dismiss(id)} aria-label="Dismiss message">
        ×
      </button>
    </div>
  )
}
