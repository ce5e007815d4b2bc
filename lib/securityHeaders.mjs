// The headers every answer carries, and the fixed policy of every /api answer. Plain JavaScript so
// next.config.mjs can read them; lib/server/requestGate.ts sends the same on the answers it gives
// before Next sees a request.

/** @type {{ key: string, value: string }[]} */
export const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
]

// JSON never needs to load or run anything. Pages get a per-request nonce policy from proxy.ts.
/** @type {{ key: string, value: string }[]} */
export const API_HEADERS = [{ key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'" }]
