import next from 'eslint-config-next'

const config = [
  {
    ignores: ['node_modules/', '.next*/', 'lib/db/generated/', 'prisma/postgresql/', 'playwright-report/', 'test-results/', 'next-env.d.ts'],
  },
  ...next,
  {
    rules: {
      // The browser only speaks HTTP to /api: components never reach the database or the domain.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['components/**', 'lib/client/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/lib/db/*', '@/lib/incidents/*', '@/lib/auth/*', '@/lib/api/*', '@/lib/directory/*', '@/lib/server/*'], message: 'The browser talks to /api over HTTP; import from lib/client or lib/schemas.' },
          ],
        },
      ],
    },
  },
  {
    // A domain's rules are pure: no database, no store, no framework. The commands and queries
    // beside them read and write through the store.
    files: ['lib/*/rules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/lib/db', '@/lib/db/*', '**/store', '**/store/*'], message: 'Rules know nothing of storage: the commands pass them what they need.' },
            { group: ['next', 'next/*'], message: 'Rules run the same in routes, the CLI and tests.' },
          ],
        },
      ],
    },
  },
  {
    // One module reads the environment (lib/env.ts): defaults and validation in one place.
    // NODE_ENV and NEXT_RUNTIME are constants Next writes into the build, not settings.
    files: ['lib/**', 'app/**', 'components/**', 'proxy.ts', 'instrumentation.ts'],
    ignores: ['lib/env.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.object.name='process'][object.property.name='env']:not([property.name=/^(NODE_ENV|NEXT_RUNTIME)$/])",
          message: 'Read settings through env() from @/lib/env.',
        },
      ],
    },
  },
]

export default config
