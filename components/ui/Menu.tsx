'use client'
// A menu button (WAI-ARIA menu pattern): arrows move, Enter picks, Escape or Tab closes and focus
// goes back to the button. The list is fixed-positioned so a scrolling table never clips it.
import { useEffect, useId, useRef, useState } from 'react'

export type MenuItem = { label: string; onSelect: () => void; disabled?: boolean } | { heading: string }

/** `items` may be a function: a list row's menu is then only built when someone opens it. */
export function Menu({ label, items, buttonClass = 'btn btn-sm', disabled, children }: { label: string; items: MenuItem[] | (() => MenuItem[]); buttonClass?: string; disabled?: boolean; children: React.ReactNode }) {
  const [pos, setPos] = useState<{ top?: number; bottom?: number; right: number } | null>(null)
  const button = useRef<HTMLButtonElement>(null)
  const list = useRef<HTMLDivElement>(null)
  const id = useId()
  const open = pos !== null

  const close = (refocus = true) => {
    setPos(null)
    if (refocus) button.current?.focus()
  }

  function openMenu() {
    const r = button.current!.getBoundingClientRect()
    const right = Math.max(8, window.innerWidth - r.right)
    setPos(r.bottom > window.innerHeight * 0.6 ? { bottom: window.innerHeight - r.top + 4, right } : { top: r.bottom + 4, right })
  }

  useEffect(() => {
    if (!open) return
    list.current?.querySelector<HTMLElement>('[role=menuitem]:not([disabled])')?.focus()
    const away = (e: Event) => {
      if (!list.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) close(false)
    }
    const dismiss = () => close(false)
    document.addEventListener('pointerdown', away)
    window.addEventListener('resize', dismiss)
    window.addEventListener('scroll', dismiss, true)
    return () => {
      document.removeEventListener('pointerdown', away)
      window.removeEventListener('resize', dismiss)
      window.removeEventListener('scroll', dismiss, true)
    }
  }, [open])

  function onKey(e: React.KeyboardEvent) {
    const all = [...(list.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([disabled])') ?? [])]
    const i = all.indexOf(document.activeElement as HTMLElement)
    const go = (n: number) => all[(n + all.length) % all.length]?.focus()
    if (e.key === 'ArrowDown') go(i + 1)
    else if (e.key === 'ArrowUp') go(i - 1)
    else if (e.key === 'Home') go(0)
    else if (e.key === 'End') go(all.length - 1)
    else if (e.key === 'Escape') close()
    else if (e.key === 'Tab') close()
    else return
    if (e.key !== 'Tab') e.preventDefault()
    e.stopPropagation()
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        className={buttonClass}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={label}
        disabled={disabled}
        onClick={() => (open ? close() : openMenu())}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault()
            openMenu()
          }
        }}
      >
        {children}
      </button>
      {pos && (
        <div
          ref={list}
          id={id}
          role="menu"
          aria-label={label}
          onKeyDown={onKey}
          style={{ position: 'fixed', top: pos.top, bottom: pos.bottom, right: pos.right }}
          className="z-40 max-h-[60vh] min-w-44 overflow-y-auto rounded-md border border-line bg-surface py-1 text-sm shadow-lg"
        >
          {(typeof items === 'function' ? items() : items).map((item, i) =>
            'heading' in item ? (
              <div key={i} role="presentation" className="px-3 pt-2 pb-1 text-xs font-semibold tracking-wide text-muted uppercase">
                {item.heading}
              </div>
            ) : (
              <button
                key={i}
                type="button"
                role="menuitem"
                tabIndex={-1}
                disabled={item.disabled}
                className="block w-full px-3 py-1.5 text-left hover:bg-raised focus:bg-raised disabled:opacity-50"
                onClick={() => {
                  close()
                  item.onSelect()
                }}
              >
                {item.label}
              </button>
            ),
          )}
        </div>
      )}
    </>
  )
}
