// The ops command line run as a user runs it, on the database `databaseUrl` names.
import { spawnSync } from 'node:child_process'
import { opsArgs } from '../../scripts/lib/ops.mjs'
import { ROOT } from './app'

export function opsOn(databaseUrl: string, env: Record<string, string> = {}) {
  return (args: string[], input?: string) => {
    const r = spawnSync(process.execPath, opsArgs(...args), {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, ...env },
      input,
      encoding: 'utf8',
    })
    return { code: r.status, stdout: r.stdout, stderr: r.stderr }
  }
}
