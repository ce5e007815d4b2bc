// Next.js calls register() once per server process, before it serves a request.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { startServer } = await import('./lib/server/startup')
    await startServer()
  }
}
