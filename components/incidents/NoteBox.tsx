'use client'
// The incident page's note box. `n` anywhere on the page (outside a field or dialog) puts the
// cursor in it; Ctrl/⌘+Enter sends. The text stays until the server has taken it.
import { useEffect, useRef, useState } from 'react'
import { useAddNote } from '@/lib/client/notes'
import { NOTE_MAX } from '@/lib/schemas/values'
import { typingInto } from './useListKeyboard'

export function NoteBox({ incident, disabled }: { incident: { id: string; number: number }; disabled: boolean }) {
  const [text, setText] = useState('')
  const box = useRef<HTMLTextAreaElement>(null)
  const add = useAddNote(incident)
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'n' || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || typingInto(e.target)) return
      if (document.querySelector('dialog[open], [role=menu]')) return
      e.preventDefault()
      box.current?.focus()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
  const blank = !text.trim()
  const send = () => {
    if (blank || add.isPending) return
    add.mutate(text, { onSuccess: () => setText('') })
  }
  return (
    <form
      aria-labelledby="note-h"
      className="card space-y-2 p-4"
      onSubmit={(e) => {
        e.preventDefault()
        send()
      }}
    >
      <h2 id="note-h" className="text-sm font-semibold text-muted uppercase">
        <label htmlFor="note-text">Add a note</label>
      </h2>
      <textarea
        id="note-text"
        ref={box}
        rows={3}
        maxLength={NOTE_MAX}
        className="field py-2"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault()
            send()
          }
        }}
        aria-describedby="note-hint"
        aria-invalid={add.isError || undefined}
        disabled={disabled}
      />
      {add.isError && (
        <p role="alert" className="text-sm text-danger">
          {add.error.message}
        </p>
      )}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p id="note-hint" className="text-xs text-muted">
          <kbd className="font-mono">n</kbd> to write, <kbd className="font-mono">Ctrl</kbd>+<kbd className="font-mono">Enter</kbd> to add. Notes cannot be edited.
        </p>
        <button type="submit" className="btn btn-primary" disabled={disabled || blank || add.isPending}>
          Add note
        </button>
      </div>
    </form>
  )
}
