import Link from 'next/link'

export default function NotFound() {
  return (
    <div className="flex min-h-[60vh] items-center justify-center p-4">
      <div className="card max-w-md p-6 text-center">
        <h1 className="mb-2 text-xl font-semibold">Not found</h1>
        <p className="mb-4 text-sm text-muted">There is nothing at this address. The incident may never have existed, or the link is mistyped.</p>
        <Link href="/" className="btn btn-primary">
          Back to incidents
        </Link>
      </div>
    </div>
  )
}
