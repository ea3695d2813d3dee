// ESLint: typescript-eslint's recommended rules plus the layering rules of STYLE.md
// (VS Code-style layer checks): shared imports only zod; the renderer never imports electron/;
// engines import no I/O; only the Electron host imports `electron`; only the executor reaches a
// connection's write path, and only the backup restore loads a dump into its scratch database.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const io = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
  'mysql2',
  'mysql2/promise',
  'redis',
  'better-sqlite3',
  'ws',
  'dgram',
  'node:dgram',
  'tls',
  'node:tls',
];
const electronOnly = { name: 'electron', message: 'Only electron/host/electron/** may import electron.' };
const connectOnly = {
  group: ['**/connections/mysql-connect', '**/connections/mysql-connect.ts'],
  message: 'Open servers through a read session (mysql-session) or the executor, not the raw driver.',
};
const loaderOnly = {
  group: ['**/connections/dump-load-session', '**/connections/dump-load-session.ts'],
  message: 'Only the backup restore (electron/services/backup/**) may load a dump into a scratch database.',
};
const writerOnly = {
  group: ['**/connections/mysql-writer', '**/connections/mysql-writer.ts', '**/connections/redis-writer', '**/connections/redis-writer.ts'],
  message: 'Only the plan executor (electron/actions/**) may use the write path.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'wasm/**', 'test-results/**', 'playwright-report/**', 'bench/.data/**', '**/fixtures/**/*.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [writerOnly, connectOnly, loaderOnly] }],
    },
  },
  {
    files: ['electron/services/backup/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [writerOnly, connectOnly] }] },
  },
  {
    files: ['electron/connections/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly], patterns: [writerOnly] }] },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!zod$|\\.{1,2}/).*', message: 'shared/ imports only zod and itself.' },
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports only zod and itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [
            { group: ['**/electron/**', '../../electron/*'], message: 'The renderer talks to the core only through the typed client.' },
            { group: ['node:*'], message: 'The renderer runs without Node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/engines/**/*.ts'],
    // Tests and their fixture loaders may read files; the engine code itself may not.
    ignores: ['electron/engines/**/*.test.ts', 'electron/engines/**/fixtures/**', 'electron/engines/**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, ...io.map((name) => ({ name, message: 'Engines are pure: no I/O. Collect in electron/connections, pass data in.' }))],
          patterns: [
            writerOnly,
            { group: ['**/connections/*', '**/services/*', '**/host/*', '**/store/*'], message: 'Engines depend on nothing but shared/ and other engines.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/actions/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnly] }] },
  },
  {
    files: ['electron/host/electron/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [writerOnly, connectOnly, loaderOnly] }] },
  },
);
