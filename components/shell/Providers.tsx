'use client'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { ApiError } from '@/lib/client/fetcher'
import { useHydrated } from '@/lib/client/hydrated'
import { RenderTimeProvider } from '@/components/ui/time'
import { Toaster } from './Toaster'

/** `renderedAt`: when the server rendered the page, for the relative times it shows. */
export function Providers({ renderedAt, children }: { renderedAt: number; children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 2_000,
            // A refusal (403, 404, 422) will not change by asking again; a network blip might.
            retry: (count, e) => count < 3 && (!(e instanceof ApiError) || e.status === 0 || e.status >= 500),
          },
        },
      }),
  )
  // Tests and scripts wait for this instead of sleeping: clicks before hydration are lost. Set
  // after the commit that enables every control (useHydrated's one transition, this component's
  // too), not when hydration itself ends: a key pressed in between would focus a disabled field.
  const hydrated = useHydrated()
  useEffect(() => {
    if (hydrated) document.documentElement.dataset.hydrated = 'true'
  }, [hydrated])
  return (
    <QueryClientProvider client={client}>
      <RenderTimeProvider at={renderedAt}>{children}</RenderTimeProvider>
      <Toaster />
    </QueryClientProvider>
  )
}
