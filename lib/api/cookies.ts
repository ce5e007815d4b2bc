import type { NextRequest } from 'next/server'
import { SESSION_COOKIE } from '@/lib/auth/sessions'
import { env } from '@/lib/env'

// Secure whenever the app is reached over HTTPS (or COOKIE_SECURE=1 says a proxy terminates it).
function secure(req: NextRequest) {
  return env().COOKIE_SECURE || req.nextUrl.protocol === 'https:'
}

export function sessionCookie(req: NextRequest, token: string, expiresAt: Date): string {
  const parts = [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Expires=${expiresAt.toUTCString()}`]
  if (secure(req)) parts.push('Secure')
  return parts.join('; ')
}

export function clearedSessionCookie(req: NextRequest): string {
  const parts = [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0']
  if (secure(req)) parts.push('Secure')
  return parts.join('; ')
}
