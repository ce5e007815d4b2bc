// Who a pair of credentials signs in: one answer (null) for an unknown email, a wrong password
// and a disabled account, each costing the same time, so none of them can be told apart.
import type { Db } from '@/lib/db/client'
import type { Role } from '@/lib/schemas/enums'
import { verifyPassword } from './passwords'

export interface SignedInUser {
  id: string
  name: string
  email: string
  role: Role
}

export async function checkCredentials(db: Db, email: string, password: string): Promise<SignedInUser | null> {
  const user = await db.read.user.findUnique({ where: { email } })
  const ok = await verifyPassword(password, user?.passwordHash)
  if (!user || !ok || user.disabledAt) return null
  return { id: user.id, name: user.name, email: user.email, role: user.role as Role }
}
