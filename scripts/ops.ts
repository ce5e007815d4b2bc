// The command line: npm run -s ops -- <noun> <verb> [flags] (-s keeps npm's own banner off stdout
// and its error lines off stderr). It calls lib/ like the routes do and holds no rule of its own.
// With --json, stdout carries exactly one JSON document; everything else goes to stderr.
// Errors: one line on stderr, exit code 1 (2 for usage errors).
import { parseArgs } from 'node:util'
import '@/lib/schemas/messages'

process.env.LOG_LEVEL ??= 'warn' // keep stdout for results

class UsageError extends Error {}

/** How a user makes an API key for the demo's API examples. */
const NEW_KEY_COMMAND = 'npm run -s ops -- keys create --name demo --scopes incidents:read,incidents:write'

const USAGE = `usage: npm run -s ops -- <command> [flags]
  keys create --name NAME --scopes incidents:read,incidents:write [--expires-in-days N] [--json]
  keys create --name NAME --scopes events:write --service SERVICE_ID [--json]   (an integration)
  keys list [--json]
  keys revoke ID [--json]
  users create --email E --name N --role viewer|responder|admin --password-stdin [--json]
  services create --name NAME [--json]
  services update ID --escalation-policy ID|none [--json]
  policies create --name N --targets ID,ID --escalate-after MIN [--repeat N] [--json]   (one step; sch_… ids are schedules)
  webhooks create --url URL [--events incident.resolved,…|*] [--service-ids ID,…] [--format standard|slack] [--json]
  webhooks list [--json]
  webhooks delete ID [--json]
  schedules create --name N --time-zone TZ --users ID,ID --rotation daily|weekly|hours [--length-hours N] --handoff HH:MM --start ISO [--json]
  schedules list [--json]
  schedules delete ID [--json]
  seed --demo [--if-empty] [--json]
  db migrate [--json]`

const FLAGS = {
  json: { type: 'boolean' },
  name: { type: 'string' },
  scopes: { type: 'string' },
  'expires-in-days': { type: 'string' },
  service: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  demo: { type: 'boolean' },
  'if-empty': { type: 'boolean' },
  url: { type: 'string' },
  events: { type: 'string' },
  'service-ids': { type: 'string' },
  format: { type: 'string' },
  targets: { type: 'string' },
  'escalate-after': { type: 'string' },
  repeat: { type: 'string' },
  'escalation-policy': { type: 'string' },
  'time-zone': { type: 'string' },
  users: { type: 'string' },
  rotation: { type: 'string' },
  'length-hours': { type: 'string' },
  handoff: { type: 'string' },
  start: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

function required(values: Record<string, unknown>, flag: string): string {
  const v = values[flag]
  if (typeof v !== 'string' || !v.trim()) throw new UsageError(`--${flag} is required`)
  return v
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('--password-stdin reads the password from standard input; pipe it in')
  const chunks: Buffer[] = []
  for await (const c of process.stdin) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

function print(json: boolean, value: unknown, human: string) {
  process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : human + '\n')
}

async function main(argv: string[]): Promise<void> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: FLAGS, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0])
  }
  const { values, positionals } = parsed
  const [noun, verb, ...rest] = positionals
  if (values.help || !noun) {
    process.stdout.write(USAGE + '\n')
    return
  }
  const json = values.json ?? false
  const command = noun === 'seed' ? 'seed' : `${noun} ${verb ?? ''}`.trim()

  // Validate flags before opening anything, so a bad call writes nothing.
  const { getDb } = await import('@/lib/db/client')
  const { resolveDatabaseUrl } = await import('@/lib/db/config')
  const { migrate } = await import('@/lib/db/migrate')

  const open = async () => {
    await migrate(resolveDatabaseUrl())
    return getDb()
  }

  switch (command) {
    case 'keys create': {
      const name = required(values, 'name')
      const scopes = required(values, 'scopes').split(',').map((s) => s.trim()).filter(Boolean)
      const rawDays = values['expires-in-days']
      if (rawDays !== undefined && !/^\d+$/.test(rawDays)) throw new UsageError('--expires-in-days must be a whole number')
      const { createApiKey } = await import('@/lib/auth/apiKeys')
      const { createKeySchema } = await import('@/lib/schemas/admin')
      const input = { name, scopes, expiresInDays: rawDays === undefined ? null : Number(rawDays), serviceId: values.service ?? null }
      const check = createKeySchema.safeParse(input)
      if (!check.success) throw new UsageError(`--${String(check.error.issues[0].path[0] ?? 'scopes').replace('expiresInDays', 'expires-in-days').replace('serviceId', 'service')}: ${check.error.issues[0].message}`)
      const created = await createApiKey(await open(), input)
      print(json, { id: created.id, key: created.key, scopes: created.scopes, expiresAt: created.expiresAt, serviceId: created.serviceId },
        `Created API key ${created.id} (${created.scopes.join(', ')}${created.expiresAt ? `, expires ${created.expiresAt}` : ''}).\n` +
          `Key (shown only now, store it safely):\n${created.key}`)
      return
    }
    case 'keys list': {
      const { listApiKeys } = await import('@/lib/auth/apiKeys')
      const keys = await listApiKeys(await open())
      print(json, { keys }, keys.length
        ? keys.map((k) => `${k.id}  ${k.prefix}…  ${k.name}  [${k.scopes.join(' ')}]  ${k.revokedAt ? 'revoked' : k.expiresAt && new Date(k.expiresAt) < new Date() ? 'expired' : 'active'}  last used ${k.lastUsedAt ?? 'never'}`).join('\n')
        : 'No API keys.')
      return
    }
    case 'keys revoke': {
      const id = rest[0]
      if (!id) throw new UsageError('keys revoke needs the key id (see: keys list)')
      const { revokeApiKey } = await import('@/lib/auth/apiKeys')
      await revokeApiKey(await open(), id)
      print(json, { id, revoked: true }, `Revoked ${id}.`)
      return
    }
    case 'webhooks create': {
      const list = (flag: string) => (values as Record<string, string | undefined>)[flag]?.split(',').map((s) => s.trim()).filter(Boolean)
      const input = { url: required(values, 'url'), events: list('events') ?? ['*'], serviceIds: list('service-ids'), format: values.format }
      const { createWebhookSchema } = await import('@/lib/schemas/webhooks')
      const check = createWebhookSchema.safeParse(input)
      if (!check.success) throw new UsageError(`--${String(check.error.issues[0].path[0] ?? 'url').replace('serviceIds', 'service-ids')}: ${check.error.issues[0].message}`)
      const { createWebhook } = await import('@/lib/notify/subscriptions')
      const created = await createWebhook(await open(), check.data)
      print(json, { id: created.id, url: created.url, events: created.events, secret: created.secret },
        `Created webhook ${created.id} → ${created.url} [${created.events.join(' ')}].\n` + `Signing secret (shown only now, store it safely):\n${created.secret}`)
      return
    }
    case 'webhooks list': {
      const { listWebhooks } = await import('@/lib/notify/subscriptions')
      const webhooks = await listWebhooks(await open())
      print(json, { webhooks }, webhooks.length
        ? webhooks.map((h) => `${h.id}  ${h.url}  [${h.events.join(' ')}]  ${h.format}  ${h.enabled ? 'enabled' : `disabled${h.disabledReason ? ` (${h.disabledReason})` : ''}`}`).join('\n')
        : 'No webhooks.')
      return
    }
    case 'webhooks delete': {
      const id = rest[0]
      if (!id) throw new UsageError('webhooks delete needs the webhook id (see: webhooks list)')
      const { deleteWebhook } = await import('@/lib/notify/subscriptions')
      await deleteWebhook(await open(), id)
      print(json, { id, deleted: true }, `Deleted ${id}.`)
      return
    }
    case 'schedules create': {
      // One layer; more through the API.
      const lengthHours = values['length-hours']
      if (lengthHours !== undefined && !/^\d+$/.test(lengthHours)) throw new UsageError('--length-hours must be a whole number')
      const input = {
        name: required(values, 'name'),
        timeZone: required(values, 'time-zone'),
        layers: [{
          start: required(values, 'start'),
          rotation: required(values, 'rotation'),
          lengthHours: lengthHours === undefined ? undefined : Number(lengthHours),
          handoffTime: required(values, 'handoff'),
          users: required(values, 'users').split(',').map((u) => u.trim()).filter(Boolean),
        }],
      }
      const { createScheduleSchema } = await import('@/lib/schemas/schedules')
      const check = createScheduleSchema.safeParse(input)
      if (!check.success) {
        const issue = check.error.issues[0]
        const field = String(issue.path.findLast((p) => typeof p === 'string') ?? 'name')
        const flag = { timeZone: 'time-zone', handoffTime: 'handoff', lengthHours: 'length-hours' }[field] ?? field
        throw new UsageError(`--${flag}: ${issue.message}`)
      }
      const { createSchedule } = await import('@/lib/oncall/schedules')
      const created = await createSchedule(await open(), check.data)
      print(json, created, `Created schedule ${created.id} (${created.name}, ${created.timeZone}).`)
      return
    }
    case 'schedules list': {
      const { listSchedules } = await import('@/lib/oncall/schedules')
      const schedules = await listSchedules(await open())
      print(json, { schedules }, schedules.length
        ? schedules.map((s) => `${s.id}  ${s.name}  ${s.timeZone}  ${s.layers.length} layer(s)  ${s.overrides.length} override(s)`).join('\n')
        : 'No schedules.')
      return
    }
    case 'schedules delete': {
      const id = rest[0]
      if (!id) throw new UsageError('schedules delete needs the schedule id (see: schedules list)')
      const { deleteSchedule } = await import('@/lib/oncall/schedules')
      await deleteSchedule(await open(), id)
      print(json, { id, deleted: true }, `Deleted ${id}.`)
      return
    }
    case 'users create': {
      const email = required(values, 'email')
      const name = required(values, 'name')
      const role = required(values, 'role')
      if (!values['password-stdin']) throw new UsageError('--password-stdin is required (the password is read from standard input, never from a flag)')
      const { createUser } = await import('@/lib/directory/users')
      const { createUserSchema } = await import('@/lib/schemas/admin')
      const password = await readStdin()
      const check = createUserSchema.safeParse({ email, name, role, password })
      if (!check.success) throw new UsageError(`--${String(check.error.issues[0].path[0])}: ${check.error.issues[0].message}`)
      const user = await createUser(await open(), { email, name, role, password } as never)
      print(json, { id: user.id, email: user.email, name: user.name, role: user.role }, `Created ${user.role} ${user.name} <${user.email}> (${user.id}).`)
      return
    }
    case 'services create': {
      const name = required(values, 'name')
      const { createService } = await import('@/lib/directory/services')
      const { serviceNameSchema } = await import('@/lib/schemas/admin')
      const check = serviceNameSchema.safeParse(name)
      if (!check.success) throw new UsageError(`--name: ${check.error.issues[0].message}`)
      const service = await createService(await open(), { name })
      print(json, service, `Created service ${service.name} (${service.id}).`)
      return
    }
    case 'services update': {
      const id = rest[0]
      if (!id) throw new UsageError('services update needs the service id')
      const policy = required(values, 'escalation-policy')
      const { updateService } = await import('@/lib/directory/services')
      const service = await updateService(await open(), id, { escalationPolicyId: policy === 'none' ? null : policy })
      print(json, service, `Service ${service.name} (${service.id}) pages through ${service.escalationPolicyId ?? 'no escalation policy'}.`)
      return
    }
    case 'policies create': {
      const whole = (flag: string) => {
        const v = (values as Record<string, string | undefined>)[flag]
        if (v !== undefined && !/^\d+$/.test(v)) throw new UsageError(`--${flag} must be a whole number`)
        return v === undefined ? undefined : Number(v)
      }
      const targets = required(values, 'targets').split(',').map((s) => s.trim()).filter(Boolean)
      const input = {
        name: required(values, 'name'),
        repeat: whole('repeat'),
        steps: [{ targets: targets.map((id) => ({ type: id.startsWith('sch_') ? 'schedule' : 'user', id })), escalateAfterMinutes: whole('escalate-after') ?? Number.NaN }],
      }
      const { createPolicySchema } = await import('@/lib/schemas/escalation')
      const check = createPolicySchema.safeParse(input)
      if (!check.success) {
        const issue = check.error.issues[0]
        const flag = issue.path.includes('escalateAfterMinutes') ? 'escalate-after' : issue.path[0] === 'steps' ? 'targets' : String(issue.path[0])
        throw new UsageError(`--${flag}: ${issue.message}`)
      }
      const { createPolicy } = await import('@/lib/escalation/policies')
      const policy = await createPolicy(await open(), check.data)
      print(json, policy, `Created escalation policy ${policy.name} (${policy.id}).`)
      return
    }
    case 'seed': {
      if (!values.demo) throw new UsageError('seed needs --demo')
      const { isDatabaseEmpty, seedDemo, demoSignIns, DEMO_PASSWORD } = await import('@/lib/seed/demo')
      const db = await open()
      const port = process.env.PORT ?? '3000'
      if (values['if-empty'] && !(await isDatabaseEmpty(db))) {
        // The key was shown once, when the demo was made, and only its digest is stored.
        const users = await demoSignIns(db)
        print(json, { seeded: false, users: users.map((u) => ({ ...u, password: DEMO_PASSWORD })) },
          [
            'The database already has data; the demo seed was skipped.',
            ...(users.length
              ? [
                  ``,
                  `Sign in at http://localhost:${port} with any of (password "${DEMO_PASSWORD}"):`,
                  ...users.map((u) => `  ${u.email.padEnd(24)} ${u.role}`),
                  ``,
                  `The demo's API key was shown only when the demo was created. To make a new one:`,
                  `  ${NEW_KEY_COMMAND}`,
                ]
              : []),
          ].join('\n'))
        return
      }
      const r = await seedDemo(db)
      print(json, { seeded: true, users: r.users.map(({ email, role }) => ({ email, role, password: DEMO_PASSWORD })), apiKey: { id: r.apiKey.id, key: r.apiKey.key, scopes: r.apiKey.scopes } },
        [
          `Demo data: ${r.services} services, ${r.incidents} incidents, ${r.users.length} users.`,
          ``,
          `Sign in at http://localhost:${port} with any of (password "${DEMO_PASSWORD}"):`,
          ...r.users.map((u) => `  ${u.email.padEnd(24)} ${u.role}`),
          ``,
          `API key (incidents:read, incidents:write), shown only now:`,
          `  ${r.apiKey.key}`,
          ``,
          `Try: curl -H "Authorization: Bearer ${r.apiKey.key}" "http://localhost:${port}/api/incidents?limit=25&status=triggered"`,
        ].join('\n'))
      return
    }
    case 'db migrate': {
      const target = resolveDatabaseUrl()
      const { applied, warnings } = await migrate(target)
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`)
      print(json, { applied }, applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.')
      return
    }
    default:
      throw new UsageError(`unknown command "${positionals.join(' ')}"\n${USAGE}`)
  }
}

main(process.argv.slice(2)).then(
  async () => {
    const g = globalThis as unknown as { __incidentConsoleDb?: Promise<{ close(): Promise<void> }> }
    await (await g.__incidentConsoleDb?.catch(() => undefined))?.close()
    process.exit(0)
  },
  (e: Error) => {
    const usage = e instanceof UsageError
    process.stderr.write(`ops: ${e.message.split('\n')[0]}\n`)
    if (usage && e.message.includes('\n')) process.stderr.write(e.message.split('\n').slice(1).join('\n') + '\n')
    process.exit(usage ? 2 : 1)
  },
)
