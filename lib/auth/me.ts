import type { Me } from '@/lib/schemas/common'
import type { Role } from '@/lib/schemas/enums'
import { ROLE_SCOPES } from '@/lib/schemas/scopes'

/** A signed-in user as the dashboard sees them: who they are and what their role lets them do. */
export const meOf = (u: { id: string; name: string; email: string; role: Role }): Me => ({
  user: { id: u.id, name: u.name, email: u.email, role: u.role },
  scopes: ROLE_SCOPES[u.role],
})
