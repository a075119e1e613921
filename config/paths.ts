/** Where rectify keeps things: the project's tools and the data folder. */
import path from 'node:path';
import { existsSync } from 'node:fs';

/** The project folder (holds package.json), from sources or from dist/. */
export const PROJECT_ROOT = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')]
  .find((p) => existsSync(path.join(p, 'package.json')) && existsSync(path.join(p, 'scripts'))) ?? process.cwd();

/** The data folder: RECTIFY_DATA, or data/ in the project. */
export const dataDir = (): string => path.resolve(process.env.RECTIFY_DATA ?? path.join(PROJECT_ROOT, 'data'));

export const temporalCli = (): string => {
  const local = path.join(PROJECT_ROOT, '.tools', 'bin', 'temporal');
  return existsSync(local) ? local : 'temporal';
};

export const testServer = (): string | undefined =>
  [process.env.RECTIFY_TEST_SERVER, path.join(PROJECT_ROOT, '.tools', 'test-server', 'temporal-test-server')]
    .find((p): p is string => !!p && existsSync(p));
