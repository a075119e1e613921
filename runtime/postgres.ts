/**
 * A throwaway PostgreSQL cluster for a test file or a benchmark round: Debian's initdb and pg_ctl
 * (scripts/setup-postgres.sh installs them) on a free port under a temporary
 * folder, started before the tests and stopped (and removed) after them. As
 * root the server refuses to run, so it runs as the `postgres` user (or
 * RECTIFY_PG_USER), the folder given to that user. Never a mock.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './dev-server';

/** The newest installed server's bin folder (RECTIFY_PG_BIN overrides). */
export function postgresBin(): string | undefined {
  if (process.env.RECTIFY_PG_BIN) return process.env.RECTIFY_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

export interface Postgres {
  /** postgres://… of the cluster's `rectify` database. */
  url: string;
  /** A fresh empty database on the same cluster, and its URL. */
  database(name: string): Promise<string>;
  stop(): Promise<void>;
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = process.env.RECTIFY_PG_USER ?? 'postgres';
  const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

export async function startPostgres(): Promise<Postgres> {
  const bin = postgresBin();
  if (!bin) throw new Error('no PostgreSQL server here: run `npm run setup` (scripts/setup-postgres.sh installs Debian\'s postgresql)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-pg-'));
  const as = runAs();
  if (as) chownSync(dir, as.uid, as.gid);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const run = (tool: string, args: string[]): void => {
    const r = spawnSync(path.join(bin, tool), args, { ...as, cwd: dir, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, timeout: 120000 });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.error?.message ?? ''}${r.stderr}${r.stdout}`);
  };
  run('initdb', ['-D', data, '-U', 'rectify', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  // Only on loopback, its socket in the folder, no durability wanted: a test's data dies with it.
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', '-o',
    `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`, 'start']);
  const base = `postgres://rectify@127.0.0.1:${port}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new Client({ connectionString: `${base}/postgres` });
    await c.connect();
    try { await c.query(sql); } finally { await c.end(); }
  };
  await admin('CREATE DATABASE rectify');
  return {
    url: `${base}/rectify`,
    async database(name: string) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}`);
      await admin(`CREATE DATABASE ${name}`);
      return `${base}/${name}`;
    },
    async stop() {
      try { run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']); } finally { rmSync(dir, { recursive: true, force: true }); }
    },
  };
}
