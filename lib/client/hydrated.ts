// False during server render and hydration, true once React owns the page: controls stay
// disabled until then, because a click before hydration would be lost.
// The switch is a transition: every control of the page re-renders for it, and as a transition
// that render is done in small slices instead of one long task right after hydration. Components
// mounted after the first hydration (client navigation, an opened dialog) start enabled. That
// assumes every server-rendered control hydrates in the first pass, which holds while no
// <Suspense> boundary streams HTML in later: one that did would hydrate its controls enabled over
// server HTML that has them disabled, and React does not patch attributes that differ.
import { startTransition, useEffect, useState } from 'react'

let hydratedOnce = false

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(() => hydratedOnce)
  useEffect(() => {
    hydratedOnce = true
    if (!hydrated) startTransition(() => setHydrated(true))
  }, [hydrated])
  return hydrated
}
