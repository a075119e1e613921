// Lint: type-aware rules everywhere, and the workflow sandbox rule: nothing
// under workflows/ may import Node built-ins, luxon or nodemailer (replay must
// not depend on I/O or time-zone data).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'data/**', 'coverage/**', 'bin/**', '*.mjs', 'jest.config.js', 'jest.faults.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'luxon', 'nodemailer', 'smtp-server', 'exceljs', 'yaml'].map((name) => ({
          name, message: 'Workflows must stay deterministic: take I/O and calendar moments from an activity.',
        })),
        patterns: [{ group: ['../activities', '../activities/*', '!../activities/types'], message: 'Import activities as types only.', allowTypeImports: true },
                   { group: ['../domain/calendar*', '../domain/campaign*', '../domain/ledger*', '../domain/schema*'], message: 'Calendar, files and schemas (luxon, exceljs) stay out of workflows: import their types only.', allowTypeImports: true }],
      }],
    },
  },
);
