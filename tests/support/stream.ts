// The live stream (GET /api/incidents/stream) read as a browser's EventSource reads it: one
// notice at a time, with its data. Shared by the API suite and the end-to-end helpers.

export interface Notice {
  marker?: string
}

export interface OpenStream {
  response: Response
  /** The next notice of this kind, skipping others; fails after `timeoutMs`. */
  next: (event: 'ready' | 'change', timeoutMs?: number) => Promise<Notice>
  /** Resolves once the server ends the stream; fails after `timeoutMs`. */
  ended: (timeoutMs: number) => Promise<void>
  close: () => void
}

/** The stream, opened with an API key or, given headers instead (a session cookie), with those. */
export async function openStream(baseUrl: string, credential: string | Record<string, string>): Promise<OpenStream> {
  const stop = new AbortController()
  const headers = typeof credential === 'string' ? { authorization: `Bearer ${credential}` } : credential
  const response = await fetch(`${baseUrl}/api/incidents/stream`, { headers, signal: stop.signal })
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  async function next(event: 'ready' | 'change', timeoutMs = 10_000): Promise<Notice> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const at = text.indexOf(`event: ${event}\n`)
      const end = at === -1 ? -1 : text.indexOf('\n\n', at)
      if (end !== -1) {
        const data = /^data: (.*)$/m.exec(text.slice(at, end))![1]
        text = text.slice(end + 2)
        return JSON.parse(data) as Notice
      }
      let timer: ReturnType<typeof setTimeout> | undefined
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no ${event} notice within ${timeoutMs} ms: ${text}`)), Math.max(0, deadline - Date.now()))
      })
      try {
        const { value, done } = await Promise.race([reader.read(), late])
        if (done) throw new Error(`the stream ended before a ${event} notice: ${text}`)
        text += decoder.decode(value, { stream: true })
      } finally {
        clearTimeout(timer)
      }
    }
  }
  async function ended(timeoutMs: number): Promise<void> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the stream was still open after ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      for (;;) if ((await Promise.race([reader.read(), late])).done) return
    } finally {
      clearTimeout(timer)
    }
  }
  return { response, next, ended, close: () => stop.abort() }
}

/** The change marker now: what a fresh stream's `ready` notice says. */
export async function readyMarker(baseUrl: string, key: string): Promise<string> {
  const s = await openStream(baseUrl, key)
  try {
    if (s.response.status !== 200) throw new Error(`the live stream answered ${s.response.status}`)
    const { marker } = await s.next('ready')
    if (typeof marker !== 'string') throw new Error(`a ready notice without a marker: ${JSON.stringify(marker)}`)
    return marker
  } finally {
    s.close()
  }
}
