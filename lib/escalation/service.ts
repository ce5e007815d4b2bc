// What a server process runs for escalation: the sweep, every ESCALATION_SWEEP_MS, and once at
// start, so a step that fell due while the server was down fires as soon as it is back.
import type { Db } from '@/lib/db/client'
import { env } from '@/lib/env'
import { describeError, log } from '@/lib/log'
import { whenStopping } from '@/lib/server/shutdown'
import { escalateDue } from './sweep'

export function startEscalationSweep(getDb: () => Promise<Db>): void {
  let running = false
  const run = async () => {
    if (running) return
    running = true
    try {
      const fired = await escalateDue(await getDb())
      if (fired) log('info', 'escalation steps fired', { count: fired })
    } catch (e) {
      log('error', 'escalation sweep failed', describeError(e))
    } finally {
      running = false
    }
  }
  void run()
  const timer = setInterval(run, env().ESCALATION_SWEEP_MS)
  timer.unref()
  whenStopping(() => clearInterval(timer))
}
