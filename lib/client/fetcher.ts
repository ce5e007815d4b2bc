// The browser's one way to the API: same-origin fetch with the session cookie, JSON in and out,
// and the contract's error shape turned into an ApiError carrying the server's own message.
import type { ErrorBody } from '@/lib/schemas/common'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type Query = Record<string, string | number | undefined | null>

export function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v))
  const s = params.toString()
  return s ? `${path}?${s}` : path
}

/** Where a signed-out browser goes: the sign-in page, then back here. */
function toSignIn() {
  if (typeof window === 'undefined' || window.location.pathname === '/login') return
  const back = window.location.pathname + window.location.search
  // A full load on purpose: the server decides what a signed-out browser may see.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?next=${encodeURIComponent(back)}`)
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; query?: Query; signal?: AbortSignal } = {}): Promise<T> {
  let res: Response
  try {
    res = await fetch(withQuery(path, init.query), {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the server. Check your connection; retrying.')
  }
  if (res.status === 204) return undefined as T
  const data = (await res.json().catch(() => null)) as unknown
  if (!res.ok) {
    const err = (data as ErrorBody | null)?.error
    if (res.status === 401 && path !== '/api/auth/login') toSignIn()
    throw new ApiError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? `The server answered ${res.status}.`, err?.details ?? [])
  }
  return data as T
}

export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : 'Something went wrong.')
