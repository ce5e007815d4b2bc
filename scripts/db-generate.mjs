#!/usr/bin/env node
// Generates both Prisma clients from the one schema, offline.
// prisma/schema.prisma (sqlite) is the source; prisma/postgresql/schema.prisma is derived from it
// (provider and output swapped) and must never be edited by hand. `prisma generate` needs no
// native engine in Prisma 7 (the client is wasm), but the CLI still tries to download the schema
// engine first: PRISMA_SCHEMA_ENGINE_BINARY points it at a no-op so it never reaches the network.
import { execFileSync } from 'node:child_process'
import { derivePostgresSchema } from './lib/schemas.mjs'

derivePostgresSchema()
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' }
for (const schema of ['prisma/schema.prisma', 'prisma/postgresql/schema.prisma']) {
  execFileSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate', '--schema', schema], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
}
console.log('Generated Prisma clients for sqlite and postgresql.')
