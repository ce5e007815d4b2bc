import type { Metadata, Viewport } from 'next'
import { connection } from 'next/server'
import { Providers } from '@/components/shell/Providers'
import { Shell } from '@/components/shell/Shell'
import { currentUser } from './_lib/session'
import './globals.css'

export const metadata: Metadata = {
  title: { default: 'Incident Console', template: '%s · Incident Console' },
  description: 'On-call incident console: triage, acknowledge and resolve incidents.',
}

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f6f7f9' },
    { media: '(prefers-color-scheme: dark)', color: '#0d1117' },
  ],
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Render per request: the Content-Security-Policy nonce (proxy.ts) exists only then, and a
  // page prerendered at build time would carry scripts the policy refuses.
  await connection()
  // Pages check access themselves (each knows its path for the way back after sign-in); the
  // frame only appears around a signed-in user.
  const me = await currentUser()
  // Relative times are measured from this moment on the server and while hydrating
  // (components/ui/time.tsx). A server component renders once per request: this is its moment.
  // eslint-disable-next-line react-hooks/purity
  const renderedAt = Date.now()
  return (
    <html lang="en">
      <body className="min-h-dvh antialiased">
        <Providers renderedAt={renderedAt}>{me ? <Shell me={me}>{children}</Shell> : children}</Providers>
      </body>
    </html>
  )
}
