'use client'
import { useRef, useState } from 'react'

/** A read-only secret with a copy button. Falls back to selecting the text where the clipboard API is unavailable. */
export function CopyField({ id, label, value }: { id: string; label: string; value: string }) {
  const input = useRef<HTMLInputElement>(null)
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null)
  async function copy() {
    try {
      await navigator.clipboard.writeText(value)
      setCopied('yes')
    } catch {
      input.current?.select()
      setCopied('select')
    }
  }
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <div className="flex gap-2">
        <input ref={input} id={id} readOnly value={value} className="field font-mono text-xs" onFocus={(e) => e.target.select()} />
        <button type="button" className="btn btn-primary" onClick={() => void copy()}>
          Copy
        </button>
      </div>
      <p className="mt-1 min-h-5 text-sm" role="status">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'select' ? 'Selected: press Ctrl+C (⌘C) to copy.' : ''}
      </p>
    </div>
  )
}
