/**
 * The shared store's schema: node-pg-migrate applies the SQL files of
 * migrations/ in order, each once, recorded in the table pgmigrations, under
 * an advisory lock (two workers starting together: one migrates, the other
 * waits and finds nothing to do). Run by `rectify migrate` and at worker start.
 */
import path from 'node:path';
// node-pg-migrate is an ES module: Node 20 requires it (require(esm)); its types are named by path
// (moduleResolution node does not read its exports map), and it is loaded only when a migration runs.
import type * as NodePgMigrate from 'node-pg-migrate/dist/bundle/index';
import { PROJECT_ROOT } from './paths';

export const MIGRATIONS_DIR = path.join(PROJECT_ROOT, 'migrations');

/** Applies what is missing; the names applied now (none when the schema is current). */
export async function migrateDatabase(url: string, log: (line: string) => void = () => undefined): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runner } = require('node-pg-migrate') as typeof NodePgMigrate;
  const done = await runner({
    databaseUrl: url, dir: MIGRATIONS_DIR, direction: 'up', migrationsTable: 'pgmigrations', count: Infinity,
    singleTransaction: true, advisoryLockMode: 'wait', checkOrder: true,
    log: () => undefined, logger: { debug: () => undefined, info: () => undefined, warn: (m: string) => log(m), error: (m: string) => log(m) },
  });
  return done.map((m) => m.name);
}
