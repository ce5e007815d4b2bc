// The lint rules that keep the layout: a domain's rules never reach storage or Next, and only
// lib/env.ts reads the environment. Each probe is linted as if it stood at that path. A tooling
// test, with the system tests: loading every lint plugin takes seconds of CPU.
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../support/app'

const eslint = new ESLint({ cwd: ROOT })

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

describe('lint rules of the layout', () => {
  // The first lint loads the whole configuration (Next's and TypeScript's plugins).
  beforeAll(() => eslint.lintText('', { filePath: 'lib/probe.ts' }), 120_000)

  it.each([
    "import { Prisma } from '@/lib/db/client'",
    "import { findRow } from '../store'",
    "import { readPage } from '../store/reads'",
    "import { readPage } from '@/lib/incidents/store'",
    "import { cookies } from 'next/headers'",
  ])('a rule file may not say: %s', async (line) => {
    expect(await problems('lib/incidents/rules/probe.ts', `${line}\nexport const probe = [${line.match(/\{ (\w+) \}/)![1]}]\n`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: /),
    ])
  })

  it('a rule file may use the schemas and other rules', async () => {
    const code = "import { STATUSES } from '@/lib/schemas/values'\nimport { isActive } from './transitions'\nexport const probe = [STATUSES, isActive]\n"
    expect(await problems('lib/incidents/rules/probe.ts', code)).toEqual([])
  })

  it('only lib/env.ts reads process.env (NODE_ENV and NEXT_RUNTIME are build constants)', async () => {
    const read = 'export const probe = [process.env.PORT, process.env["X"]]\n'
    expect(await problems('lib/api/probe.ts', read)).toHaveLength(2)
    expect(await problems('app/probe.ts', read)).toHaveLength(2)
    expect(await problems('lib/env.ts', read)).toEqual([])
    expect(await problems('scripts/probe.ts', read)).toEqual([])
    expect(await problems('proxy.ts', "export const dev = process.env.NODE_ENV === 'development'\n")).toEqual([])
  })
})
