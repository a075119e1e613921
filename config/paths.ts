/** Where rectify keeps things: the project's tools and the data folder, and how private they are. */
import path from 'node:path';
import { chmodSync, existsSync, promises as fs, statSync } from 'node:fs';
import { say } from './language';

/** The project folder (holds package.json), from sources or from dist/. */
export const PROJECT_ROOT = [path.resolve(__dirname, '..'), path.resolve(__dirname, '..', '..')]
  .find((p) => existsSync(path.join(p, 'package.json')) && existsSync(path.join(p, 'scripts'))) ?? process.cwd();

/** The data folder: RECTIFY_DATA, or data/ in the project. */
export const dataDir = (): string => path.resolve(process.env.RECTIFY_DATA ?? path.join(PROJECT_ROOT, 'data'));

/**
 * The data folder holds the contacts' uploads, mails with live form links,
 * names and addresses: its folders are the owner's alone (0700), its files
 * too (0600). The CLI sets the umask to 0077 at start (it covers everything
 * the process and its children, the Temporal dev server among them, create);
 * these modes are given where rectify creates its files as well, so they hold
 * when the modules run without the CLI (tests, bench, an embedding program).
 */
export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;
/** The umask the CLI runs under: nothing for group or others. */
export const PRIVATE_UMASK = 0o077;

/** mkdir -p, every folder it creates the owner's alone. */
export const makePrivateDir = async (dir: string): Promise<void> => { await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR }); };

const tightened = new Set<string>();

/**
 * A folder of rectify's data that group or others may read or enter (made
 * before rectify set modes, or by hand) is closed to them, with a warning,
 * once per folder and process. Closing the folder closes what is below it:
 * older files inside keep their modes but can no longer be reached.
 */
export function tightenFolder(dir: string, warn: (message: string) => void = (m) => console.error(m)): void {
  const at = path.resolve(dir);
  if (tightened.has(at)) return;
  tightened.add(at);
  let mode: number;
  try { mode = statSync(at).mode; } catch { return; }
  if ((mode & 0o077) === 0) return;
  const was = (mode & 0o777).toString(8);
  try {
    chmodSync(at, mode & 0o700);
    warn(say(`rectify：数据文件夹 ${at} 原可被其他用户读取（${was}），已改为 700`, `rectify: the data folder ${at} was open to other users (${was}); it is now 700`));
  } catch (err) {
    warn(say(`rectify：数据文件夹 ${at} 可被其他用户读取（${was}），且无法修改：${(err as Error).message}`,
      `rectify: the data folder ${at} is open to other users (${was}) and could not be changed: ${(err as Error).message}`));
  }
}

export const temporalCli = (): string => {
  const local = path.join(PROJECT_ROOT, '.tools', 'bin', 'temporal');
  return existsSync(local) ? local : 'temporal';
};

export const testServer = (): string | undefined =>
  [process.env.RECTIFY_TEST_SERVER, path.join(PROJECT_ROOT, '.tools', 'test-server', 'temporal-test-server')]
    .find((p): p is string => !!p && existsSync(p));

/**
 * Folders besides a campaign file's own where its `itemsFrom` ledger may be: RECTIFY_LEDGER_DIRS,
 * absolute paths separated by the platform's path delimiter (":" on Linux).
 */
export const ledgerDirs = (): string[] =>
  (process.env.RECTIFY_LEDGER_DIRS ?? '').split(path.delimiter).map((d) => d.trim()).filter((d) => d !== '');
