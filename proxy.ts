// Every page gets a Content-Security-Policy with a fresh nonce: Next reads the nonce from the
// request's policy header while rendering and puts it on its own scripts, so no inline script
// runs without it ('unsafe-inline' is never allowed for scripts). Pages must render per request
// for this (app/layout.tsx awaits connection()). API routes get their fixed policy from
// next.config.mjs; static assets need none.
import { NextResponse, type NextRequest } from 'next/server'
import { safeNextPath } from '@/lib/auth/safeRedirect'

function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === 'development'): string {
  return [
    "default-src 'self'",
    // React needs eval only in development, for its debugging stacks.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Inline style attributes (React's style={…}) cannot carry a nonce; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/**
 * The sign-in page's `next` as this app will use it, when that differs from what was sent: the
 * address bar then never shows (and no later script can read) a destination off this app.
 */
function cleanedSignIn(request: NextRequest): string | null {
  if (request.nextUrl.pathname !== '/login') return null
  const sent = request.nextUrl.searchParams.getAll('next')
  if (!sent.length) return null
  const safe = safeNextPath(sent[0])
  if (sent.length === 1 && safe === sent[0]) return null
  return safe === '/' ? '/login' : `/login?${new URLSearchParams({ next: safe })}`
}

export function proxy(request: NextRequest) {
  const cleaned = cleanedSignIn(request)
  // Next sends a redirect to the request's own origin as a relative Location.
  if (cleaned) return NextResponse.redirect(new URL(cleaned, request.url), 307)
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
  const policy = contentSecurityPolicy(nonce)
  const requestHeaders = new Headers(request.headers)
  requestHeaders.set('x-nonce', nonce)
  requestHeaders.set('Content-Security-Policy', policy)
  const response = NextResponse.next({ request: { headers: requestHeaders } })
  response.headers.set('Content-Security-Policy', policy)
  return response
}

export const config = {
  matcher: [
    {
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
}
