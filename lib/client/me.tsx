'use client'
// Who is signed in, handed down from the server's session check, so the first render already
// knows the role and offers viewers no action (no flash of buttons that then disappear).
import { createContext, useContext } from 'react'
import type { Me } from '@/lib/schemas/common'
import { hasScope, type Scope } from '@/lib/schemas/scopes'

const MeContext = createContext<Me | null>(null)

export function MeProvider({ me, children }: { me: Me; children: React.ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>
}

export function useMe(): Me {
  const me = useContext(MeContext)
  if (!me) throw new Error('useMe outside a signed-in page')
  return me
}

// The same check the API makes, so the dashboard offers exactly what its endpoints allow.
const useHasScope = (scope: Scope) => hasScope(useMe().scopes as Scope[], scope)
export const useCanWrite = () => useHasScope('incidents:write')
export const useIsAdmin = () => useHasScope('admin')
