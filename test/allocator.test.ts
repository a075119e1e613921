/**
 * The worker's allocator (config/allocator.ts): `rectify worker` tells the operator at start when it runs on
 * glibc's malloc (a 10,000-item worker then holds GiBs more), and is quiet when jemalloc is preloaded.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { installedJemalloc } from '../config/allocator';

const root = path.resolve(__dirname, '..');
const hintIn = (env: NodeJS.ProcessEnv): string => spawnSync(process.execPath, ['-e', "console.log(require('./dist/config/allocator').allocatorHint() ?? 'quiet')"],
  { cwd: root, env: { ...process.env, LD_PRELOAD: '', ...env }, encoding: 'utf8' }).stdout.trim();

const lib = installedJemalloc();

test('on glibc malloc the worker says how to run it on jemalloc', () => {
  const hint = hintIn({});
  expect(hint).toContain('LD_PRELOAD=');
  expect(hint).toContain(lib ? lib : 'libjemalloc2');
});

(lib ? test : test.skip)('with jemalloc preloaded the worker says nothing of it', () => {
  expect(hintIn({ LD_PRELOAD: lib })).toBe('quiet');
});
