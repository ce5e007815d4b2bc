import type { Metadata } from 'next'
import Link from 'next/link'

export const metadata: Metadata = { title: 'Not allowed' }

export default function Forbidden() {
  return (
    <div className="flex min-h-[60vh] items-center justify-center p-4">
      <div className="card max-w-md p-6 text-center">
        <h1 className="mb-2 text-xl font-semibold">Not allowed</h1>
        <p className="mb-4 text-sm text-muted">Your role does not allow this page. Ask an admin if you need it.</p>
        <Link href="/" className="btn btn-primary">
          Back to incidents
        </Link>
      </div>
    </div>
  )
}
