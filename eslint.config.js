// npm run lint. The layers of docs/architecture.md, held by rules rather than by memory:
// routes → services → queries → database, and pure code (core/, schemas, app/utils without
// .server) imports nothing impure. tests/architecture/deps.ts counts the same layers.
import js from '@eslint/js'
import boundaries from 'eslint-plugin-boundaries'
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import tseslint from 'typescript-eslint'

const ELEMENTS = [
  {
    type: 'entry',
    mode: 'full',
    pattern: ['app/server.ts', 'app/boot.server.ts', 'app/root.tsx', 'app/entry.*.tsx', 'app/cli/**', 'db/seed.ts', 'db/migrate.ts'],
  },
  { type: 'route', mode: 'full', pattern: 'app/routes/**' },
  { type: 'core', mode: 'full', pattern: 'app/features/*/core/**' },
  { type: 'schema', mode: 'full', pattern: 'app/features/*/*.schema.ts' },
  { type: 'component', mode: 'full', pattern: ['app/features/*/components/**', 'app/components/**'] },
  { type: 'service', mode: 'full', pattern: 'app/features/**' },
  { type: 'platform', mode: 'full', pattern: 'app/utils/*.server.ts' },
  { type: 'shared', mode: 'full', pattern: 'app/utils/**' },
  { type: 'query', mode: 'full', pattern: 'db/queries/**' },
  { type: 'database', mode: 'full', pattern: 'db/**' },
]

const to = (...types) => ({ to: { element: { types: { anyOf: types } } } })
const from = (type, ...types) => ({ from: { element: { type } }, allow: to(...types) })
const PURE = ['core', 'schema', 'shared']

// Modules pure code may not import: the database, Remix, React, the server.
const IMPURE_MODULES = ['react', 'react-dom', 'react-dom/*', '@remix-run/*', 'kysely', 'better-sqlite3', 'pg', 'express', 'pino']

export default tseslint.config(
  {
    ignores: ['build/**', 'public/build/**', 'node_modules/**', 'data/**', 'bench-results/**', 'test-results/**', '.cache/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { 'react-hooks': reactHooks, 'import-x': importX, boundaries },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
      'boundaries/elements': ELEMENTS,
      'boundaries/include': ['app/**', 'db/**'],
      // eslint-plugin-boundaries resolves imports through this (eslint-plugin-import's key).
      'import/resolver': { typescript: { project: 'tsconfig.json' } },
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            from('entry', 'entry', 'route', 'service', 'component', 'schema', 'core', 'platform', 'shared', 'query', 'database'),
            from('route', 'service', 'component', 'schema', 'core', 'platform', 'shared', 'database'),
            from('service', 'service', 'component', 'schema', 'core', 'platform', 'shared', 'query', 'database'),
            from('component', 'component', 'schema', 'core', 'shared'),
            from('platform', 'platform', 'query', 'database', ...PURE),
            from('query', 'query', 'database', ...PURE),
            from('database', 'database', 'shared'),
            from('core', ...PURE),
            from('schema', ...PURE),
            from('shared', 'shared'),
          ],
        },
      ],
    },
  },
  {
    // Pure code: no database, no Remix, no React, no server.
    files: ['app/features/*/core/**/*.{ts,tsx}', 'app/features/*/*.schema.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: IMPURE_MODULES, message: 'core/ and schemas are pure: no database, Remix, React or server (docs/architecture.md).' },
          ],
        },
      ],
    },
  },
  {
    // Migrations are frozen in time and typed with Kysely<any> on purpose.
    files: ['db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['tests/**', 'app/cli/**/*.mjs'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
)
