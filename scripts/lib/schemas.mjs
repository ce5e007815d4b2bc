// Shared by the generate and migration scripts: where each provider's schema and migrations live.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(import.meta.dirname, '../..')
export const PROVIDERS = ['sqlite', 'postgresql']
export const schemaPath = (provider) =>
  path.join(ROOT, provider === 'sqlite' ? 'prisma/schema.prisma' : 'prisma/postgresql/schema.prisma')
export const migrationsDir = (provider) => path.join(ROOT, 'prisma/migrations', provider)

export function derivePostgresSchema() {
  const src = readFileSync(schemaPath('sqlite'), 'utf8')
  const out = src
    .replace(/(datasource\s+\w+\s*\{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"')
    .replace(/output(\s*)=(\s*)"..\/lib\/db\/generated\/sqlite"/, 'output$1=$2"../../lib/db/generated/postgresql"')
  if (out === src || !out.includes('generated/postgresql')) throw new Error('could not derive the PostgreSQL schema')
  mkdirSync(path.dirname(schemaPath('postgresql')), { recursive: true })
  writeFileSync(
    schemaPath('postgresql'),
    '// GENERATED from prisma/schema.prisma by scripts/db-generate.mjs. Do not edit.\n' + out,
  )
}
