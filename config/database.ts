/**
 * The shared store's database (issue 18): RECTIFY_DATABASE_URL, a PostgreSQL
 * connection string. Unset: everything stays in the data folder, as before
 * (the embedded default needs no database). One pool per URL and process.
 */
import { Pool } from 'pg';

export const DATABASE_ENV = 'RECTIFY_DATABASE_URL';

/** The database's URL, or undefined for the data folder. */
export const databaseUrl = (env: NodeJS.ProcessEnv = process.env): string | undefined => {
  const url = env[DATABASE_ENV]?.trim();
  if (!url) return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`${DATABASE_ENV}: not a postgres:// or postgresql:// URL`);
  return url;
};

/** Where the store is, for a worker's or server's first line (the password never shown). */
export const describeDatabase = (url: string): string => {
  const u = new URL(url);
  return `PostgreSQL ${u.host}${u.pathname}`;
};

const pools = new Map<string, Pool>();

/** The process's pool for a URL; idle connections do not keep a CLI command alive. */
export function databasePool(url: string): Pool {
  let p = pools.get(url);
  if (!p) {
    p = new Pool({ connectionString: url, max: 10, allowExitOnIdle: true, idleTimeoutMillis: 10000 });
    // A connection dropped by the server while idle is not the process's end: the next query connects again.
    p.on('error', () => undefined);
    pools.set(url, p);
  }
  return p;
}

/** Ends every pool (a worker's or server's shutdown). */
export async function closeDatabases(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.end()));
}
