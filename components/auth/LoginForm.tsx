'use client'
import { useState } from 'react'
import { Field } from '@/components/ui/Field'
import { api, errorMessage } from '@/lib/client/fetcher'
import { useHydrated } from '@/lib/client/hydrated'

export function LoginForm({ next }: { next: string }) {
  const hydrated = useHydrated()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function submit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = new FormData(e.currentTarget)
    setBusy(true)
    setError(null)
    try {
      await api('/api/auth/login', { method: 'POST', body: { email: form.get('email'), password: form.get('password') } })
      // A full load: the server renders the next page for the new session.
      window.location.assign(next)
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate={false} className="space-y-4">
      <Field id="email" label="Email">
        <input id="email" name="email" type="email" autoComplete="username" required className="field" autoFocus />
      </Field>
      <Field id="password" label="Password">
        <input id="password" name="password" type="password" autoComplete="current-password" required className="field" />
      </Field>
      <p role="alert" className="min-h-5 text-sm text-danger">
        {error}
      </p>
      <button type="submit" className="btn btn-primary w-full" disabled={!hydrated || busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  )
}
