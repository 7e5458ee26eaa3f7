// ESLint flat config. The import-boundary rule keeps src/core pure (STYLE.md): no server, database,
// browser or Node APIs, no process.env, no Date.now() — the current time comes in as an argument.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const SERVER_AND_BROWSER = [
  'fastify', 'fastify/*', '@fastify/*', 'pg', 'pg-*', '@electric-sql/*', 'kysely', 'kysely/*', 'drizzle-orm', 'drizzle-orm/*',
  'react', 'react-dom', 'react-dom/*', 'antd', 'antd/*', 'echarts', '@node-rs/*', 'nodemailer', 'exceljs',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', '.tmp/', 'coverage/', 'e2e/screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'src/core is pure: no Node APIs.' },
            { group: SERVER_AND_BROWSER, message: 'src/core is pure: no server, database or browser libraries.' },
            { group: ['**/server/**', '**/web/**'], message: 'src/core must not import from the server or the web app.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core is pure: configuration comes in as arguments.' },
        { name: 'window', message: 'src/core is pure: no browser APIs.' },
        { name: 'document', message: 'src/core is pure: no browser APIs.' },
        { name: 'Buffer', message: 'src/core is pure: no Node APIs.' },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'src/core takes the current time as an argument.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'src/core takes the current time as an argument.' }],
    },
  },
);
