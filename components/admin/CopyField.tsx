'use client'
import { useRef, useState } from 'react'

/** Copies `value`; where the clipboard API is unavailable, selects the element's text instead. */
function useCopy<E extends HTMLElement>(value: string) {
  const target = useRef<E>(null)
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null)
  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setCopied('yes')
    } catch {
      const el = target.current
      if (el instanceof HTMLInputElement) el.select()
      else if (el) window.getSelection()?.selectAllChildren(el)
      setCopied('select')
    }
  }
  const status = (
    <p className="mt-1 min-h-5 text-sm" role="status">
      {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'select' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
    </p>
  )
  return { target, copy: () => void copy(), status }
}

/** A read-only secret with a copy button. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const { target, copy, status } = useCopy<HTMLInputElement>(value)
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <div className="flex gap-2">
        <input ref={target} id={id} readOnly value={value} className="field font-mono text-xs" onFocus={(e) => e.target.select()} />
        <button type="button" className="btn btn-primary" onClick={copy}>
          Copy
        </button>
      </div>
      {status}
    </div>
  )
}

/** A multi-line configuration with a copy button; long lines scroll rather than widen the page. */
export function CopyBlock({ id, label, hint, value }: { id: string; label: string; hint?: React.ReactNode; value: string }) {
  const { target, copy, status } = useCopy<HTMLPreElement>(value)
  return (
    <div>
      <div className="flex items-end justify-between gap-2">
        <h4 id={id} className="label mb-0">
          {label}
        </h4>
        <button type="button" className="btn btn-sm" onClick={copy} aria-describedby={id}>
          Copy<span className="sr-only"> {label}</span>
        </button>
      </div>
      {hint && <p className="mt-1 text-xs text-muted">{hint}</p>}
      <pre
        ref={target}
        aria-labelledby={id}
        tabIndex={0}
        className="mt-1 max-w-full overflow-x-auto rounded-md border border-line bg-raised p-3 font-mono text-xs leading-relaxed"
      >
        {value}
      </pre>
      {status}
    </div>
  )
}
