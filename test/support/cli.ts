/** Runs the real `rectify` binary as a person would, and real servers for it. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { freePort, startDevServer, type DevServer } from '../../runtime/dev-server';
import { startMailSink, type MailSink } from '../../runtime/mail-sink';

export const BIN = path.join(__dirname, '..', '..', 'bin', 'rectify.js');

export interface CliResult { code: number; stdout: string; stderr: string; /** Killed for taking longer than the timeout. */ killed?: boolean }

export function rectify(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 120000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr, ...(err && (err as { killed?: boolean }).killed ? { killed: true } : {}) });
    });
  });
}

/** `rectify worker` as a child process (the service, as systemd would run it). */
export function startWorkerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, 'worker'], { env: { ...process.env, RECTIFY_LOG_LEVEL: 'ERROR', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export { freePort };

export const tempDir = (name: string): string => mkdtempSync(path.join(os.tmpdir(), `rectify-${name}-`));

export async function eventually<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 60000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v) return v;
    } catch (err) { last = err; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export interface LiveServers {
  /** The environment a coordinator's shell would have: TEMPORAL_ADDRESS, RECTIFY_SMTP_PORT, RECTIFY_DATA, --lang en. */
  readonly env: NodeJS.ProcessEnv;
  readonly server: DevServer;
  readonly sink: MailSink;
}

/**
 * For a test file: a real dev server (its own data folder, free ports), a real
 * SMTP listener and `rectify worker` as a child process, up before the tests
 * and down (SIGTERM, waited for) after them.
 */
export function useDevServerAndWorker(name: string): LiveServers {
  let server: DevServer | undefined;
  let sink: MailSink | undefined;
  let worker: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv | undefined;
  beforeAll(async () => {
    const data = tempDir(name);
    server = await startDevServer({ dataDir: data, port: await freePort(), uiPort: await freePort(), headless: true });
    sink = await startMailSink();
    env = { TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', RECTIFY_SMTP_PORT: String(sink.port), RECTIFY_DATA: data, RECTIFY_LANG: 'en' };
    worker = startWorkerProcess(env);
  }, 120000);
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await sink?.close();
    await server?.stop();
  });
  const need = <T>(v: T | undefined): T => { if (v === undefined) throw new Error('servers not started'); return v; };
  return { get env() { return need(env); }, get server() { return need(server); }, get sink() { return need(sink); } };
}

/** mulberry32: a small seeded generator, so a failing run (of kill points, say) can be repeated. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
