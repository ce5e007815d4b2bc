'use client'
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import { signOut } from '@/lib/client/admin'
import { useHydrated } from '@/lib/client/hydrated'
import { useCanWrite, useIsAdmin, useMe } from '@/lib/client/me'

export function AppHeader() {
  const me = useMe()
  const canWrite = useCanWrite()
  const admin = useIsAdmin()
  const hydrated = useHydrated()
  return (
    <header className="border-b border-line bg-surface">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold">
          <span aria-hidden="true" className="inline-block size-2.5 rounded-full bg-danger" />
          Incident Console
        </Link>
        <nav aria-label="Main" className="order-3 w-full overflow-x-auto sm:order-none sm:w-auto">
          <ul className="flex gap-1 text-sm">
            <NavLink href="/">Incidents</NavLink>
            {canWrite && <NavLink href="/incidents/new">New incident</NavLink>}
            <NavLink href="/insights">Insights</NavLink>
            {admin && (
              <>
                <NavLink href="/admin/keys">API keys</NavLink>
                <NavLink href="/admin/users">Users</NavLink>
                <NavLink href="/admin/services">Services</NavLink>
                <NavLink href="/admin/schedules">Schedules</NavLink>
                <NavLink href="/admin/policies">Escalation</NavLink>
                <NavLink href="/admin/webhooks">Webhooks</NavLink>
              </>
            )}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span className="hidden text-muted sm:inline">
            {me.user.name} <span className="rounded bg-raised px-1.5 py-0.5 text-xs">{me.user.role}</span>
          </span>
          <button type="button" className="btn btn-sm" onClick={() => void signOut()} disabled={!hydrated}>
            Sign out
          </button>
        </div>
      </div>
    </header>
  )
}

function NavLink({ href, children }: { href: string; children: React.ReactNode }) {
  const path = usePathname()
  const current = href === '/' ? path === '/' || path.startsWith('/incidents/') && path !== '/incidents/new' : path.startsWith(href)
  return (
    <li>
      <Link
        href={href}
        aria-current={current ? 'page' : undefined}
        className={`block rounded-md px-2.5 py-1.5 whitespace-nowrap hover:bg-raised ${current ? 'bg-raised font-semibold' : 'text-muted'}`}
      >
        {children}
      </Link>
    </li>
  )
}
