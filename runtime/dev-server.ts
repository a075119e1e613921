/**
 * The embedded Temporal dev server: the Temporal CLI's `server start-dev`,
 * persisting to a SQLite file in the data folder, with its Web UI, and
 * rectify's search attributes registered (an older file keeps working:
 * "already exists" is fine).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { Connection } from '@temporalio/client';
import { PRIVATE_DIR, PRIVATE_FILE, temporalCli } from '../config/paths';
import { say } from '../config/language';
import { registerSearchAttributes } from '../config/connection';
import { SEARCH_ATTRIBUTES } from '../workflows/messages';
import { UserError } from './user-error';

export interface DevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

const TYPE: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime', INT: 'Int' };

/** A port free on loopback now (for a server of one's own: tests, the benchmark). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Something listens on this loopback port (a server that has started). */
export async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

export async function startDevServer(opts: { dataDir: string; port?: number; uiPort?: number; headless?: boolean }): Promise<DevServer> {
  const port = opts.port ?? 7233;
  const uiPort = opts.uiPort ?? port + 1000;
  const cli = temporalCli();
  if (await portOpen(port)) throw new UserError(say(`端口 ${port} 已被占用：是否已有另一个 Temporal 服务在运行？（可设置 RECTIFY_TEMPORAL_PORT）`, `port ${port} is already in use: is another Temporal server running? (set RECTIFY_TEMPORAL_PORT)`), 1);
  mkdirSync(opts.dataDir, { recursive: true, mode: PRIVATE_DIR });
  const log = openSync(path.join(opts.dataDir, 'temporal-server.log'), 'a', PRIVATE_FILE);
  const args = [
    'server', 'start-dev', '--db-filename', path.join(opts.dataDir, 'temporal.sqlite'), '--ip', '127.0.0.1',
    '--port', String(port), '--ui-port', String(uiPort), '--log-level', 'warn', '--namespace', 'default',
    ...SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${TYPE[k.type]}`]),
    ...(opts.headless ? ['--headless'] : []),
    // Write-ahead log, synced at each commit: as durable as the default rollback journal, and about a third less
    // server CPU per workflow started (bench/README: 2,000 items started in 24 s instead of 42 s).
    '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=full',
    // One partition per task queue: one server and one worker need no more, and every task is then matched
    // without forwarding between partitions (2,000 items started and settled in 38 s instead of 47 s).
    '--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1', '--dynamic-config-value', 'matching.numTaskqueueWritePartitions=1',
    // More `temporal server start-dev` options (docs/runbook.md), e.g. --dynamic-config-value K=V.
    ...(process.env.RECTIFY_DEV_SERVER_ARGS ?? '').split(' ').filter(Boolean),
  ];
  const child = spawn(cli, args, { stdio: ['ignore', log, log] });
  let exited: number | null = null;
  child.on('exit', (code) => { exited = code ?? -1; });
  const spawnError = new Promise<never>((_, reject) => child.on('error', (err) => reject(new UserError(say(
    `无法运行 Temporal 命令行工具（${cli}）：${err.message}。请运行 npm run setup（用 Go 构建），或把 temporal 加入 PATH。`,
    `cannot run the Temporal CLI (${cli}): ${err.message}. Run \`npm run setup\` (builds it with Go) or put \`temporal\` on PATH.`), 1))));
  const address = `127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  const ready = (async () => {
    for (;;) {
      if (exited !== null) throw new UserError(say(`Temporal 开发服务已退出（退出码 ${exited}）；详见 ${path.join(opts.dataDir, 'temporal-server.log')}`, `the Temporal dev server exited (code ${exited}); see ${path.join(opts.dataDir, 'temporal-server.log')}`), 1);
      if (Date.now() > deadline) throw new UserError(say('Temporal 开发服务未能在 60 秒内启动', 'the Temporal dev server did not start within 60 s'), 1);
      try {
        const connection = await Connection.connect({ address, connectTimeout: 1000 });
        await connection.workflowService.getSystemInfo({});
        await registerSearchAttributes(connection, 'default');
        await connection.close();
        return;
      } catch (err) {
        if (err instanceof UserError) throw err;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  })();
  await Promise.race([ready, spawnError]);
  return {
    address, uiUrl: `http://127.0.0.1:${uiPort}`, process: child,
    stop: () => new Promise<void>((resolve) => {
      if (exited !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => { if (exited === null) child.kill('SIGKILL'); }, 10000).unref();
    }),
  };
}
