// Who is signed in, for server-rendered pages: the same server-side session the API accepts, so
// a page never renders for a signed-out, expired or disabled user.
import { cache } from 'react'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { getDb } from '@/lib/db/client'
import { meOf } from '@/lib/auth/me'
import { hasScope, type Scope } from '@/lib/schemas/scopes'
import { SESSION_COOKIE, resolveSession } from '@/lib/auth/sessions'
import type { Me } from '@/lib/schemas/common'

export const currentUser = cache(async (): Promise<Me | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value
  if (!token) return null
  const user = await resolveSession(await getDb(), token)
  if (!user) return null
  return meOf(user)
})

/** The signed-in user, or a redirect to sign-in that comes back to `path` afterwards. */
export async function requireUser(path: string): Promise<Me> {
  const me = await currentUser()
  if (!me) redirect(`/login?next=${encodeURIComponent(path)}`)
  return me
}

export async function requireScope(path: string, scope: Scope): Promise<Me> {
  const me = await requireUser(path)
  // The same check the API wrapper makes, so a page never disagrees with its endpoints.
  if (!hasScope(me.scopes as Scope[], scope)) redirect('/forbidden')
  return me
}
