import { route, methods } from '@/lib/api/route'
import { holdStream } from '@/lib/api/streams'
import { changeMarker, subscribeToChanges } from '@/lib/incidents/changes'
import { whenStopping } from '@/lib/server/shutdown'

export const dynamic = 'force-dynamic'

// A stream ends after a while so the browser reconnects through authentication again; a revoked
// key or disabled user is cut off sooner (lib/api/streams.ts). EventSource reconnects on its own.
const STREAM_MS = 5 * 60_000
const HEARTBEAT_MS = 15_000

/** One server-sent event: its name and its JSON data (lib/client/live.ts reads both). */
const notice = (event: 'ready' | 'change', data: { marker?: string }) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

export const { GET, POST, PUT, PATCH, DELETE } = methods({
  // Server-sent events: `change` whenever an incident, service or user changes (the change
  // counter moved: lib/incidents/changes.ts). Notices carry no incident data;
  // clients refetch what they show through the ordinary endpoints, which apply every rule.
  // `ready` carries the change marker as of the connection (read after subscribing, so a change
  // after it still arrives as a notice): a client whose data is at that marker need not refetch.
  GET: route({ scope: 'incidents:read' }, async ({ db, req, principal }) => {
    const encoder = new TextEncoder()
    let cleanup = () => {}
    // 429 past the credential's open streams; ends this one when the credential stops authenticating.
    const lease = holdStream(db, principal, () => cleanup())
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text))
          } catch {
            cleanup()
          }
        }
        const unsubscribe = subscribeToChanges(db, (marker) => send(notice('change', { marker })))
        const heartbeat = setInterval(() => send(': keep-alive\n\n'), HEARTBEAT_MS)
        const end = setTimeout(() => cleanup(), STREAM_MS)
        let forget = () => {}
        cleanup = () => {
          cleanup = () => {}
          lease.release()
          forget()
          unsubscribe()
          clearInterval(heartbeat)
          clearTimeout(end)
          try {
            controller.close()
          } catch {
            // already closed by the client
          }
        }
        req.signal.addEventListener('abort', () => cleanup())
        // A stopping server ends its streams so the stop is not held up; clients reconnect elsewhere.
        forget = whenStopping(() => cleanup())
        void changeMarker(db)
          .catch(() => null)
          .then((marker) => send(`retry: 2000\n${notice('ready', marker === null ? {} : { marker })}`))
      },
      cancel() {
        cleanup()
      },
    })
    return new Response(body, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        // no-transform keeps the server's compression from buffering the stream.
        'Cache-Control': 'no-store, no-transform',
        'X-Accel-Buffering': 'no',
      },
    })
  }),
})
