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
]

export default config
