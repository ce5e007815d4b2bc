// False during server render and hydration, true once React owns the page: controls stay
// disabled until then, because a click before hydration would be lost.
import { useSyncExternalStore } from 'react'

const noop = () => () => {}

export const useHydrated = () =>
  useSyncExternalStore(
    noop,
    () => true,
    () => false,
  )
