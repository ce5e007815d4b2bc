'use client'
import { useEffect, useRef } from 'react'
import { dismiss, useToasts, type Toast } from '@/lib/client/toasts'

/**
 * The space the toasts take at the bottom of the window, as `--toast-space` on the page (the
 * main area's bottom padding adds it), so the last row and the pager can always be scrolled
 * clear of them. A reader already at the bottom stays there as the stack grows.
 */
function useReservedSpace(ref: React.RefObject<HTMLDivElement | null>, count: number) {
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const root = document.documentElement
    // With no toast the padding's fallback is already 0. Measuring here would force a layout of
    // the whole page, and a property set on the root a restyle of every element, right after
    // each page's hydration.
    if (count === 0) {
      if (root.style.getPropertyValue('--toast-space')) root.style.removeProperty('--toast-space')
      return
    }
    const reserve = () => {
      const atBottom = window.scrollY + window.innerHeight >= root.scrollHeight - 2
      root.style.setProperty('--toast-space', `${Math.ceil(el.getBoundingClientRect().height)}px`)
      if (atBottom) window.scrollTo({ top: root.scrollHeight })
    }
    reserve()
    const observer = new ResizeObserver(reserve)
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref, count])
}

/** Announces results politely and failures at once; errors stay until dismissed. */
export function Toaster() {
  const toasts = useToasts()
  const box = useRef<HTMLDivElement>(null)
  useReservedSpace(box, toasts.length)
  return (
    <div ref={box} className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-3 sm:items-end">
      <div role="status" aria-live="polite" className="contents">
        {toasts.filter((t) => t.kind !== 'error').map((t) => (
          <ToastItem key={t.id} toast={t} />
        ))}
      </div>
      <div role="alert" aria-live="assertive" className="contents">
        {toasts.filter((t) => t.kind === 'error').map((t) => (
          <ToastItem key={t.id} toast={t} />
        ))}
      </div>
    </div>
  )
}

const MARK = { success: '✓', error: '✕', info: 'i' } as const
const MARK_STYLE = { success: 'text-ok', error: 'text-danger', info: 'text-accent font-serif italic font-bold' } as const

function ToastItem({ toast: { id, kind, text, action } }: { toast: Toast }) {
  return (
    <div
      data-toast={kind}
      className={`pointer-events-auto flex w-full max-w-md items-start gap-3 rounded-lg border bg-surface px-4 py-3 text-sm shadow-lg ${
        kind === 'error' ? 'border-danger' : 'border-line'
      }`}
    >
      <span aria-hidden="true" className={MARK_STYLE[kind]}>
        {MARK[kind]}
      </span>
      <p className="min-w-0 flex-1 break-words">{text}</p>
      {action && (
        <button
          type="button"
          className="-my-1 rounded px-1.5 py-1 font-semibold text-accent hover:underline"
          onClick={() => {
            dismiss(id)
            action.run()
          }}
        >
          {action.label}
        </button>
      )}
      <button type="button" className="-m-1 rounded p-1 text-muted hover:text-fg" onClick={() => dismiss(id)} aria-label="Dismiss message">
        ×
      </button>
    </div>
  )
}
