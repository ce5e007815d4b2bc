import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { LoginForm } from '@/components/auth/LoginForm'
import { safeNextPath } from '@/lib/auth/safeRedirect'
import { currentUser } from '../_lib/session'

export const metadata: Metadata = { title: 'Sign in' }

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next)
  if (await currentUser()) redirect(next)
  return (
    <main className="flex min-h-dvh items-center justify-center p-4">
      <div className="card w-full max-w-sm p-6 shadow-sm">
        <h1 className="mb-1 flex items-center gap-2 text-xl font-semibold">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-full bg-danger" />
          Incident Console
        </h1>
        <p className="mb-6 text-sm text-muted">Sign in to triage incidents.</p>
        <LoginForm next={next} />
      </div>
    </main>
  )
}
