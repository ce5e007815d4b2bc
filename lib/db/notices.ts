// PostgreSQL's notices (LISTEN/NOTIFY) on a connection of their own: the database tells every
// instance of a change the moment it commits, whoever made it (another instance, the CLI, a
// hand-run statement), so an instance may keep what the change affects in memory
// (lib/auth/keyCache.ts). A notice sent while the connection is down is lost for good, so a
// watcher also hears when listening starts and stops, and must trust nothing it kept while deaf.
// The connection opens on the first watch: a process that never watches (the CLI) opens none.
import type { Client, ClientConfig } from 'pg'

export interface Watcher {
  /** A notice on the channel, with its payload ('' when it has none). */
  notice(payload: string): void
  /** Listening started (true) or stopped (false: the connection was lost or closed). */
  listening(on: boolean): void
}

export interface Notices {
  /** `channel`: lower-case letters and underscores (it is written into LISTEN as it is). */
  watch(channel: string, watcher: Watcher): void
  /**
   * Resolves true once every notice committed before the call has reached its watchers; false
   * when not listening. A notice is handed over a moment after its commit, and a client that saw
   * the commit can ask an instance again sooner than that on a loaded machine.
   */
  caughtUp(): Promise<boolean>
  close(): Promise<void>
}

/**
 * How long a catching-up round trip may take. A session that cannot answer a comment in this long
 * cannot be trusted to pass notices on promptly either, and a path that went dead without a reset
 * would otherwise hold every request until TCP gives up: the connection is dropped, and the
 * instance reads key rows until it listens again.
 */
export const CAUGHT_UP_TIMEOUT_MS = 1_000
export const CAUGHT_UP_STATEMENT = '-- notices caught up'
const RETRY_FIRST_MS = 500
const RETRY_LAST_MS = 30_000
const CHANNEL = /^[a-z_]+$/

export function postgresNotices(config: ClientConfig, newClient: (config: ClientConfig) => Client): Notices {
  const watchers = new Map<string, Watcher[]>()
  /** The connection while it listens, and the channels it listens on. */
  let live: { client: Client; channels: Set<string> } | null = null
  let connecting = false
  let closed = false
  let retryMs = RETRY_FIRST_MS
  let timer: NodeJS.Timeout | undefined
  /** The catching-up round trip on the wire, and the next: not yet sent, shared by all who ask before it is. */
  let inFlight: Promise<boolean> | null = null
  let next: Promise<boolean> | null = null
  const everyWatcher = () => [...watchers.values()].flat()

  /** LISTEN on every watched channel not yet listened to, including any watched meanwhile. */
  async function listenAll(client: Client, channels: Set<string>) {
    for (let missing = [...watchers.keys()]; missing.length; missing = [...watchers.keys()].filter((c) => !channels.has(c))) {
      for (const channel of missing) {
        await client.query(`LISTEN ${channel}`)
        channels.add(channel)
      }
    }
  }

  async function connect() {
    if (closed || connecting || live) return
    connecting = true
    const client = newClient({ ...config, application_name: 'incident-console notices', keepAlive: true })
    // An error on the connection is followed by its end, handled there.
    client.on('error', () => {})
    client.on('end', () => lost(client))
    client.on('notification', (n) => {
      for (const w of watchers.get(n.channel) ?? []) w.notice(n.payload ?? '')
    })
    const channels = new Set<string>()
    try {
      await client.connect()
      await listenAll(client, channels)
    } catch {
      connecting = false
      void client.end().catch(() => {})
      return retryLater()
    }
    connecting = false
    if (closed) return void client.end().catch(() => {})
    live = { client, channels }
    retryMs = RETRY_FIRST_MS
    for (const w of everyWatcher()) w.listening(true)
  }

  function lost(client: Client) {
    if (live?.client !== client) return
    live = null
    for (const w of everyWatcher()) w.listening(false)
    retryLater()
  }

  function retryLater() {
    if (closed) return
    timer = setTimeout(() => void connect(), retryMs)
    timer.unref()
    retryMs = Math.min(retryMs * 2, RETRY_LAST_MS)
  }

  /**
   * A round trip on the listening session. PostgreSQL signals a listening session as a notifying
   * transaction commits, and the session writes out what it was signalled before it answers, so
   * the answer comes after every notice committed before the statement was sent. The statement is
   * only a comment, so the session has nothing to plan, and `pg_stat_activity` names it.
   */
  function roundTrip(): Promise<boolean> {
    const client = live?.client
    if (!client) return Promise.resolve(false)
    let timeout: NodeJS.Timeout | undefined
    const late = new Promise<false>((resolve) => {
      timeout = setTimeout(() => {
        lost(client)
        void client.end().catch(() => {})
        resolve(false)
      }, CAUGHT_UP_TIMEOUT_MS)
    })
    const answered = client.query(CAUGHT_UP_STATEMENT).then(
      () => live?.client === client,
      () => false,
    )
    const trip: Promise<boolean> = Promise.race([answered, late]).finally(() => {
      clearTimeout(timeout)
      if (inFlight === trip) inFlight = null
    })
    return (inFlight = trip)
  }

  return {
    caughtUp() {
      if (!live) return Promise.resolve(false)
      // Sent once this turn of the event loop is over, and the trip on the wire is back: every
      // request read in this turn shares it, and it leaves after each of them asked.
      return (next ??= (async () => {
        await new Promise((resolve) => setImmediate(resolve))
        while (inFlight) await inFlight
        next = null
        return roundTrip()
      })())
    },
    watch(channel, watcher) {
      if (!CHANNEL.test(channel)) throw new Error(`not a notice channel: ${channel}`)
      watchers.set(channel, [...(watchers.get(channel) ?? []), watcher])
      if (!live) return void connect()
      const { client, channels } = live
      if (channels.has(channel)) return watcher.listening(true)
      // A new channel on the live connection; failing that, the connection starts over.
      listenAll(client, channels).then(
        () => live?.client === client && watcher.listening(true),
        () => void client.end().catch(() => {}),
      )
    },
    async close() {
      closed = true
      clearTimeout(timer)
      const client = live?.client
      live = null
      for (const w of everyWatcher()) w.listening(false)
      await client?.end().catch(() => {})
    },
  }
}
