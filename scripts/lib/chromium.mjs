// The one place that decides which Chromium the end-to-end tests and Lighthouse launch.
// The machine's browser when it has one (CHROMIUM_PATH, else /usr/bin/chromium, else `chromium`
// on PATH): Debian's build has the system's fonts and libraries, so pages render as users see
// them. Otherwise the browser of the `@sparticuz/chromium` npm package (a devDependency), so a
// machine with only Node.js and npm runs every test. CHROMIUM_SOURCE=system|npm forces one.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** Arguments every launch gets: headless on a shared machine, offline, no first-run chores. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
]

function systemChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium'
  const onPath = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' })
  return onPath.status === 0 && onPath.stdout.trim() ? onPath.stdout.trim() : null
}

/**
 * The npm package unpacks its browser into the system's temporary folder on first use (a few
 * seconds, then cached there). Its caveats, each handled here:
 * - it unpacks the libraries it bundles (NSS and the like, absent from a bare machine) only when
 *   it believes it runs on AWS Lambda, decided from AWS_EXECUTION_ENV when it is imported;
 * - its fonts config names the fixed folder /tmp/fonts, so unpacking anywhere else (another
 *   TMPDIR) leaves pages without text;
 * - it points the process's own environment at those libraries and fonts, which must reach only
 *   the browser: the returned `env` carries them, and this process's environment is restored.
 * Its `--single-process` argument is not used: a second page or context dies with it.
 */
function npmChromium() {
  // Once per process: the package sets its environment up when first imported, and only then.
  return (npmOnce ??= unpackNpmChromium())
}
let npmOnce

async function unpackNpmChromium() {
  const saved = { ...process.env }
  try {
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs20.x'
    process.env.TMPDIR = '/tmp'
    delete process.env.TMP
    delete process.env.TEMP
    delete process.env.FONTCONFIG_PATH
    delete process.env.LD_LIBRARY_PATH
    let mod
    try {
      mod = await import('@sparticuz/chromium')
    } catch {
      return null
    }
    const executablePath = await mod.default.executablePath()
    // A browser unpacked earlier without the libraries or fonts (by another tool) gets them now.
    const packed = path.join(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '../../bin')
    await Promise.all(['al2023.tar.br', 'fonts.tar.br'].map((f) => mod.inflate(path.join(packed, f))))
    const env = {}
    for (const name of ['FONTCONFIG_PATH', 'LD_LIBRARY_PATH']) if (process.env[name]) env[name] = process.env[name]
    return { executablePath, env }
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  }
}

/**
 * @returns {Promise<{ source: 'system' | 'npm', executablePath: string, args: string[], env: Record<string, string> }>}
 */
export async function resolveChromium() {
  const wanted = process.env.CHROMIUM_SOURCE ?? 'auto'
  if (!['auto', 'system', 'npm'].includes(wanted)) throw new Error(`CHROMIUM_SOURCE must be auto, system or npm, not "${wanted}"`)
  const system = wanted === 'npm' ? null : systemChromium()
  if (system) return { source: 'system', executablePath: system, args: CHROMIUM_ARGS, env: {} }
  if (wanted === 'system') throw new Error('CHROMIUM_SOURCE=system but no Chromium is installed (Debian: apt-get install chromium; or set CHROMIUM_PATH)')
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`No Chromium on this machine, and the npm one (@sparticuz/chromium) is for Linux x64 only: install Chromium and set CHROMIUM_PATH`)
  }
  const npm = await npmChromium()
  if (!npm) throw new Error('No Chromium on this machine and @sparticuz/chromium is not installed (run npm ci)')
  return { source: 'npm', executablePath: npm.executablePath, args: CHROMIUM_ARGS, env: npm.env }
}

/** One line for logs: which browser ran. */
export const describeChromium = (c) => `Chromium ${c.source === 'npm' ? 'from npm: @sparticuz/chromium' : 'of the machine'}, ${path.resolve(c.executablePath)}`
