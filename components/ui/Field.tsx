import type { ReactNode } from 'react'

/**
 * A form control under its label, with the server's message for it below. The control is a child
 * so each form keeps its own element and attributes; `errorProps` ties it to the message.
 */
export function Field({
  id,
  label,
  required,
  error,
  className,
  children,
}: {
  id: string
  label: ReactNode
  /** Marks the label; the control still needs its own `required`. */
  required?: boolean
  error?: string | null
  className?: string
  children: ReactNode
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
        {required && (
          <>
            {' '}
            <span className="text-danger">*</span>
          </>
        )}
      </label>
      {children}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-danger">
          {error}
        </p>
      )}
    </div>
  )
}

/** For the control inside a Field: announces it as invalid and reads the message with it. */
export const errorProps = (id: string, error?: string | null) =>
  error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {}
