'use client'
import { Dialog } from '@/components/ui/Dialog'

export const SHORTCUTS: [string, string][] = [
  ['j / k', 'Next / previous incident'],
  ['x', 'Select or unselect the current incident'],
  ['a', 'Acknowledge the selected incidents (or the current one)'],
  ['r', 'Resolve the selected incidents (or the current one)'],
  ['s', 'Snooze the current incident'],
  ['Enter / o', 'Open the current incident'],
  ['/', 'Search titles'],
  ['n', 'Write a note (on an incident’s page)'],
  ['Esc', 'Clear the selection'],
  ['?', 'This list'],
]

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        {SHORTCUTS.map(([k, what]) => (
          <div key={k} className="contents">
            <dt>
              <kbd className="rounded border border-line bg-raised px-1.5 py-0.5 font-mono text-xs">{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-5 flex justify-end">
        <button type="button" className="btn" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  )
}
