'use client'
import { Dialog } from '@/components/ui/Dialog'

/** "Are you sure?" for something that cannot be undone: the item to act on, or null when closed. */
export function ConfirmDialog<T>({
  item,
  onClose,
  onConfirm,
  title,
  action,
  children,
}: {
  item: T | null
  onClose: () => void
  onConfirm: (item: T) => void
  title: string
  action: string
  children: React.ReactNode
}) {
  return (
    <Dialog open={item !== null} onClose={onClose} title={title}>
      <div className="mb-4 text-sm">{children}</div>
      <div className="flex justify-end gap-2">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-danger"
          onClick={() => {
            if (item !== null) onConfirm(item)
            onClose()
          }}
        >
          {action}
        </button>
      </div>
    </Dialog>
  )
}
