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
  close(): Promise<void>
}

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

  return {
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
