import type { Me } from '@/lib/schemas/common'
import { MeProvider } from '@/lib/client/me'
import { AppHeader } from './AppHeader'

/** The signed-in frame: skip link, header with navigation, and the page. */
export function Shell({ me, children }: { me: Me; children: React.ReactNode }) {
  return (
    <MeProvider me={me}>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-surface focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <AppHeader />
      <main id="main" className="toast-clear mx-auto w-full max-w-7xl px-3 pt-4 sm:px-6">
        {children}
      </main>
    </MeProvider>
  )
}
