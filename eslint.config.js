// Flat config: recommended JavaScript and TypeScript rules (not type-checked, so it stays fast),
// React hooks rules for components, and the import boundaries between db/, app/ and app/domain.
// Formatting is prettier's job (`prettier --check` in `npm run lint`), so no stylistic rules here.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const NO_DB = 'A pure domain module must not touch the database: put the query in a *.server.ts module.'

export default tseslint.config(
  {
    ignores: [
      'build/',
      'build-bench/',
      'node_modules/',
      'data/',
      'content/',
      'db/migrations/',
      'coverage/',
      'public/build/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // The database layer stands alone: schema, client and migrations know nothing of the app.
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['~/*'], message: 'db/ must not import from app/: the app depends on db/, not the other way.' },
            {
              group: ['**/app', '**/app/**'],
              message: 'db/ must not import from app/: the app depends on db/, not the other way.',
            },
          ],
        },
      ],
    },
  },
  {
    // Programme rules are pure: no framework, no database (ADR 008; `*.server.ts` may).
    files: ['app/domain/**/*.ts'],
    ignores: ['app/domain/**/*.server.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '#db/client', message: NO_DB },
            { name: '~/db.server', message: NO_DB },
          ],
          patterns: [
            { group: ['@remix-run/*'], message: 'A pure domain module must not depend on Remix.' },
            { group: ['**/db/client', '**/db.server'], message: NO_DB },
          ],
        },
      ],
    },
  },
)
