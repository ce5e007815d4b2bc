// Stops database sessions' server processes (SIGSTOP) until resumed, so a test can make the
// database slow to hand a session what it was signalled, as a loaded machine does now and then.
// Only for a PostgreSQL server on this machine: its backends are processes a test can signal.
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import type { Db } from '@/lib/db/client'

export interface PausedSessions {
  pids: number[]
  resume(): void
}

/** True when the tests' PostgreSQL server runs on this machine, so its sessions can be paused. */
export function canPauseSessions(serverUrl: string | undefined): boolean {
  if (!serverUrl || process.platform === 'win32') return false
  return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(serverUrl).hostname)
}

/** Pauses the server processes of the sessions `where` (SQL over pg_stat_activity) selects. */
export async function pauseSessions(db: Db, where: string): Promise<PausedSessions> {
  const rows = await db.read.$queryRawUnsafe<{ pid: number }[]>(`SELECT pid FROM pg_stat_activity WHERE ${where}`)
  const pids = rows.map((r) => r.pid)
  for (const pid of pids) {
    // A pid the database named, checked once more to be a postgres process before it is stopped.
    const command = execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).trim()
    if (!path.basename(command).startsWith('postgres')) throw new Error(`session ${pid} is not a local postgres process (${command})`)
  }
  for (const pid of pids) process.kill(pid, 'SIGSTOP')
  return {
    pids,
    resume() {
      for (const pid of pids) process.kill(pid, 'SIGCONT')
    },
  }
}
