// Typed lint: typescript-eslint strict-type-checked over every TypeScript file, plus the layering
// rules (no import cycles; imports point inward: core <- db <- repositories <- session <-
// use-cases <- server routes).
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** An import of one of these folders (any depth of `../`), as a no-restricted-imports regex. */
const folders = (...names) => `(^|/)(${names.join('|')})(/|$)`;
const layer = (files, names, message) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ regex: folders(...names), message }] }],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bin/**', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Fastify plugins and handlers are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Sources import `./x.js` and the file is `x.ts`.
      'import-x/resolver-next': [createNodeResolver({ extensionAlias: { '.js': ['.ts', '.js'] } })],
    },
    // Type-only imports are not followed here; src/layering.test.ts finds cycles through them.
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // Each layer imports only the layers inside it. Tests may reach further to set things up.
  {
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: folders('shell'),
              message: 'The core does no I/O: it imports nothing from the shell.',
            },
            {
              regex: '^(kysely|pg|better-sqlite3|fastify|@fastify/.*)$',
              message: 'The core does no I/O: no database or HTTP libraries.',
            },
          ],
        },
      ],
    },
  },
  layer(
    ['src/shell/schemas/**/*.ts'],
    ['db', 'repositories', 'session', 'use-cases', 'server', 'cli', 'demo', 'seed'],
    'View schemas are declared once, from zod and the core only, so every shell layer can use them.',
  ),
  layer(
    ['src/shell/db/**/*.ts'],
    ['repositories', 'session', 'use-cases', 'server', 'cli', 'demo', 'seed'],
    'The database layer imports only the core.',
  ),
  layer(
    ['src/shell/repositories/**/*.ts'],
    ['session', 'use-cases', 'server', 'cli', 'demo', 'seed'],
    'Repositories import the database and the core, never the layers that use them.',
  ),
  layer(
    ['src/shell/session/**/*.ts'],
    ['use-cases', 'server', 'cli', 'demo', 'seed'],
    'The session is built on repositories; use-cases and the server build on it.',
  ),
  layer(
    ['src/shell/use-cases/**/*.ts'],
    ['server', 'cli', 'demo', 'seed'],
    'Use-cases are called by the server, the CLI and the seeders; they import none of them.',
  ),
  {
    files: ['src/shell/server/routes/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: folders('repositories', 'db', 'demo', 'seed', 'cli'),
              message:
                'Routes parse, call one use-case (src/shell/use-cases) and render: no repositories, no database.',
            },
            {
              regex: '^\\.\\./app\\.js$',
              message:
                'Routes are handed their dependencies (AppDeps from ../app-deps.js); app.ts imports them.',
            },
          ],
        },
      ],
    },
  },
  {
    // Browser scripts: plain JavaScript, progressive enhancement only.
    files: ['public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { window: 'readonly', document: 'readonly' },
    },
  },
);
