// Where to go after signing in (`/login?next=…`): only somewhere on this app. Judged the way a
// browser reads the value — the WHATWG URL parser drops tabs and newlines anywhere, turns `\` into
// `/`, and resolves `.` and `..` — so `/\t/evil.example` or `/.//evil.example` cannot slip through
// as a path and land on another host. What comes back is the parser's own serialisation (percent-
// encoded, no control characters), safe for a Location header and for window.location.
const BASE = 'http://app.invalid'

export const HOME = '/'

export function safeNextPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return HOME
  let url: URL
  try {
    url = new URL(next, BASE)
  } catch {
    return HOME
  }
  if (url.origin !== BASE) return HOME
  const path = url.pathname + url.search + url.hash
  // A path that starts with `//` is read as another host wherever it is used next.
  if (path.startsWith('//') || new URL(path, BASE).origin !== BASE) return HOME
  return path
}
