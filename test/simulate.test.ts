/**
 * `rectify simulate` finishes or fails (issue 17): the time-skipping test
 * server's start under load, a server that cannot run, and a simulation that
 * stops moving — each seen as a user sees it, through the real binary, with
 * the real Java test server (no mocks: a slow JVM is the real JVM started
 * late, a hung server is the real one stopped with SIGSTOP).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BIN, rectify, tempDir } from './support/cli';
import { testServer } from '../config/paths';

const SMALL = path.join(__dirname, '..', 'examples', 'small-campaign.yaml');
const REAL_SERVER = testServer();
if (!REAL_SERVER) throw new Error('the test server is not set up: npm run setup');

/** An executable script in a fresh folder. */
function script(name: string, body: string): string {
  const file = path.join(tempDir('sim-server'), name);
  writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Running (a zombie waiting to be reaped is not). */
const alive = (pid: number): boolean => {
  try { return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8')); } catch { return false; }
};

const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ RECTIFY_DATA: tempDir('sim-data'), RECTIFY_LANG: 'en', ...extra });

describe('the test server starts, or says why not', () => {
  test('a test server that takes 8 s to open its port (a JVM on a loaded machine) still runs the simulation', async () => {
    // The SDK's own start gave the JVM 5 s, then failed with "cannot reach Temporal at localhost:7233".
    const slow = script('slow-test-server', `sleep 8\nexec ${JSON.stringify(REAL_SERVER)} "$@"`);
    const r = await rectify(['simulate', SMALL, '--until', '2026-03-06'], env({ RECTIFY_TEST_SERVER: slow }), 240000);
    expect(r.stderr).not.toMatch(/did not start within|cannot reach Temporal/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/reminder/);
  }, 250000);

  test('a test server that exits at once is named, with its exit and what it printed (no word of localhost:7233)', async () => {
    const broken = script('broken-test-server', 'echo "java: command not found" >&2\nexit 127');
    const r = await rectify(['simulate', SMALL, '--until', '2026-03-06'], env({ RECTIFY_TEST_SERVER: broken }), 60000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the time-skipping test server ${broken} exited while starting (code 127)`);
    expect(r.stderr).toContain('java: command not found');
    expect(r.stderr).toMatch(/needs java \(Java 17\) on PATH/);
    expect(r.stderr).not.toMatch(/localhost:7233/);
  }, 70000);

  test('a test server that never opens its port is given up after RECTIFY_TEST_SERVER_START_SECONDS and not left running', async () => {
    const dir = tempDir('sim-mute');
    const pidFile = path.join(dir, 'pid');
    const mute = script('mute-test-server', `echo $$ > ${JSON.stringify(pidFile)}\nexec sleep 600`);
    const r = await rectify(['simulate', SMALL, '--until', '2026-03-06'], env({ RECTIFY_TEST_SERVER: mute, RECTIFY_TEST_SERVER_START_SECONDS: '3' }), 60000);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`the time-skipping test server .*mute-test-server did not open port \\d+ within 3 s .*RECTIFY_TEST_SERVER_START_SECONDS`));
    expect(existsSync(pidFile)).toBe(true);
    expect(alive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  }, 70000);

  test('a start bound that is not a number is refused as bad input', async () => {
    const r = await rectify(['simulate', SMALL, '--until', '2026-03-06'], env({ RECTIFY_TEST_SERVER_START_SECONDS: 'soon' }), 60000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('RECTIFY_TEST_SERVER_START_SECONDS must be a positive number of seconds, not "soon"');
  }, 70000);
});

/** Waits until a client holds an established connection to `port` on loopback (ss lists it). */
async function connectedTo(port: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const listed = await new Promise<string>((resolve) => {
      const ss = spawn('ss', ['-Htn', 'state', 'established', `( sport = :${port} )`]);
      let out = '';
      ss.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      ss.on('close', () => resolve(out));
    });
    if (listed.trim()) return;
    if (Date.now() > end) throw new Error(`nothing connected to the test server on port ${port}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The pid and port of the test server's JVM under `parent` once its port is open (the wrapper execs java). */
async function serverUnder(parent: number, timeoutMs: number): Promise<{ pid: number; port: number }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { stdout } = await new Promise<{ stdout: string }>((resolve) => {
      const ps = spawn('ps', ['-o', 'pid=,args=', '--ppid', String(parent)]);
      let out = '';
      ps.stdout.on('data', (b: Buffer) => { out += b.toString(); });
      ps.on('close', () => resolve({ stdout: out }));
    });
    const line = stdout.split('\n').find((l) => l.includes('io.temporal.testserver.TestServer'));
    if (line) {
      const [pid, ...args] = line.trim().split(/\s+/);
      const port = Number(args[args.length - 1]);
      const open = await new Promise<boolean>((resolve) => {
        const s = net.connect({ port, host: '127.0.0.1' }, () => { s.destroy(); resolve(true); });
        s.on('error', () => resolve(false));
      });
      if (open) return { pid: Number(pid), port };
    }
    if (Date.now() > end) throw new Error('no test server came up');
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a simulation that stops moving fails instead of sitting idle', () => {
  test('the test server stops answering (SIGSTOP): exit 1 within the bound, naming what it waited for and the simulated time reached; no JVM left', async () => {
    const child = spawn(process.execPath, [BIN, 'simulate', SMALL, '--until', '2026-04-30', '--stall-timeout', '15'], { env: { ...process.env, ...env({}) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const { pid: jvm, port } = await serverUnder(child.pid!, 150000);
    // Let the simulation get going (connected to the server: on a loaded machine that can take a while), then
    // freeze the server: every call to it now waits for ever.
    await connectedTo(port, 150000);
    await new Promise((r) => setTimeout(r, 3000));
    process.kill(jvm, 'SIGSTOP');
    // Before: no bound at all, the run sat waiting (this guard would kill it). After: the 15 s bound, then a bounded stop.
    const guard = setTimeout(() => child.kill('SIGKILL'), 150000);
    const code = await exited;
    clearTimeout(guard);
    if (alive(jvm)) process.kill(jvm, 'SIGKILL');
    expect(stderr).toMatch(/simulation stalled: no progress for 15 s .* while waiting for .+; simulated time reached (\d{4}-\d\d-\d\dT\d\d:\d\d|unknown)/);
    expect(stderr).toMatch(/--stall-timeout or RECTIFY_SIMULATE_STALL_SECONDS/);
    expect(code).toBe(1);
    expect(alive(jvm)).toBe(false);
  }, 320000);

  test('--stall-timeout must be a whole number of seconds above 0', async () => {
    for (const bad of ['0', 'soon']) {
      const r = await rectify(['simulate', SMALL, '--until', '2026-03-06', '--stall-timeout', bad], env({}), 60000);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--stall-timeout: (must be more than 0|not a whole number)/);
    }
  }, 130000);
});
