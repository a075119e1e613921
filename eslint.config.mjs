// Lint: type-aware rules everywhere; the workflow sandbox rule: nothing
// under workflows/ may import Node built-ins, luxon or nodemailer (replay must
// not depend on I/O or time-zone data); no import cycle anywhere; and the
// layers: a folder imports only from the folders below it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

// The layers, bottom-up; folders on one line are side by side and import neither way.
// domain: the pure rules and the shapes; workflows: Temporal workflows (activities as
// types only: the sandbox rule below); config: paths, connection, secrets, settings, link
// signing; documents; activities: every side effect; readmodels: what the CLI and the web
// both read; worker and web: the two services; runtime: the runners that assemble a whole
// rectify in a process (dev server, mail sink, campaign start, the simulation, which builds
// a worker); then the entry points: client/ (the CLI) may import anything, bench/ and
// scripts/ anything but client/. test/ is exempt from the layers, not from no-cycle.
const LAYERS = [['domain'], ['workflows'], ['config'], ['documents'], ['activities'], ['readmodels'], ['worker', 'web'], ['runtime']];
const ENTRY_POINTS = ['client', 'bench', 'scripts'];
const layerZones = [...LAYERS.flatMap((layer, i) => {
  const above = [...LAYERS.slice(i + 1).flat(), ...ENTRY_POINTS];
  return layer.flatMap((target) => {
    const from = [...above, ...layer.filter((f) => f !== target)]
      // workflows → activities: types only, checked by the sandbox rule (it lets `import type` through).
      .filter((f) => !(target === 'workflows' && f === 'activities'));
    return from.map((f) => ({
      target: `./${target}`, from: `./${f}`,
      message: `${target}/ is below ${f}/ (layers: eslint.config.mjs): move what both need down, or the code up.`,
    }));
  });
}), ...['bench', 'scripts'].map((target) => ({
  target: `./${target}`, from: './client', message: `${target}/ is an entry point beside the CLI: what both need lives below client/ (runtime/, config/, readmodels/).`,
}))];

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
    plugins: { 'import-x': importX },
    settings: {
      // Which files import-x parses to follow imports (TypeScript's), and how it finds them (TypeScript's resolution).
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.eslint.json' })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layerZones }],
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
