// Shared by the generate and migration scripts: where each provider's schema and migrations live.
// `root` is the project folder; tests pass a scratch copy so they never touch the real prisma/.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '../..')
export const PROVIDERS = ['sqlite', 'postgresql']
export const schemaPath = (provider, root = ROOT) =>
  path.join(root, provider === 'sqlite' ? 'prisma/schema.prisma' : 'prisma/postgresql/schema.prisma')
export const migrationsDir = (provider, root = ROOT) => path.join(root, 'prisma/migrations', provider)

export function derivePostgresSchema(root = ROOT) {
  const src = readFileSync(schemaPath('sqlite', root), 'utf8')
  const out = src
    .replace(/(datasource\s+\w+\s*\{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(/output(\s*)=(\s*)"..\/lib\/db\/generated\/sqlite"/, 'output$1=$2"../../lib/db/generated/postgresql"')
  if (out === src || !out.includes('generated/postgresql')) throw new Error('could not derive the PostgreSQL schema')
  mkdirSync(path.dirname(schemaPath('postgresql', root)), { recursive: true })
  writeFileSync(
    schemaPath('postgresql', root),
    '// GENERATED from prisma/schema.prisma by scripts/db-generate.mjs. Do not edit.\n' + out,
  )
}
