/**
 * One measured round at one size, on servers of its own: a fresh dev server
 * (its own SQLite file), the SMTP listener, `rectify worker` and the floor's
 * worker as processes. In order:
 *
 * 1. start — `rectify start FILE` until every item workflow runs; then the
 *    worker is left to settle (items plan and report to the campaign);
 * 2. fan-out — from the reminder's digest instant until every contact's
 *    digest was accepted by the listener, with the worker's CPU and peak RSS;
 * 3. floor — as many bare workflows as digests, each waking from one timer at
 *    one instant and running one no-op activity;
 * 4. status — `rectify status --json` (its first page, with the whole
 *    campaign's counts), `status --json --all`, then every item workflow queried;
 * 5. board — the office board (`GET /office` of `rectify serve`, the service
 *    account's token), the whole campaign's first page.
 *
 * The worker's peak memory is its high-water mark over start and the round.
 * With `store: 'postgres'`, two `rectify worker` processes with data folders
 * of their own share the task queue and one PostgreSQL database (a throwaway
 * cluster, runtime/postgres.ts): the several-host deployment of the runbook.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, startDevServer } from '../runtime/dev-server';
import { startMailSink, type ReceivedMail } from '../runtime/mail-sink';
import { campaignTaskQueue, itemSnapshotQuery, itemWorkflowId, TASK_QUEUE } from '../workflows/messages';
import { TERMINAL_PAGE_SIZE } from '../domain/list-page';
import { startPostgres, type Postgres } from '../runtime/postgres';
import { benchMoment, DIGEST_WINDOW_MINUTES, fanOutCampaign, ITEMS_PER_CONTACT } from './campaign';
import { BIN, memory, pool, rectify, sampleUsage, sleepMs, waitBacklog, waitQuiet, type Usage } from './proc';
import { FLOOR_TASK_QUEUE, floorWorkflow } from './floor-workflow';

export interface RoundOptions {
  size: number;
  run: number;
  /** `--desks N` for `rectify start`; undefined: not passed (the engine decides). */
  desks?: number;
  /** Seconds the moment is placed after the round's start is expected to have settled. */
  marginSeconds: number;
  /** Expected start rate (items per second) to place the moment; the first round guesses. */
  expectedStartRate: number;
  /** Item workflows queried at once when querying each directly. */
  queryConcurrency: number;
  /** The worker's environment: tuning variables. */
  workerEnv: NodeJS.ProcessEnv;
  /** Where the workers keep the record: their data folder (one worker), or PostgreSQL (two workers, a folder each). */
  store?: 'data' | 'postgres';
  log: (line: string) => void;
}

export interface RoundResult {
  size: number;
  run: number;
  campaign: string;
  /** 'data': one worker and its data folder; 'postgres': two workers on one database. */
  store?: 'data' | 'postgres';
  workers?: number;
  /** `backlogLeft`: workflow tasks still queued when the wait for settling ended (then `settleSeconds` is a lower bound). */
  start: { seconds: number; itemsPerSecond: number; added: number; settleSeconds: number; backlogLeft?: number; ok: boolean; error?: string };
  fanout: {
    expected: number; received: number; duplicates: number; unexpected: number; distinctMessageIds: number;
    seconds: number; digestsPerSecond: number; complete: boolean;
    /** The moment had passed before `rectify start` returned: measured from start's end plus the digest window. */
    momentLate: boolean;
    /** When the first and the median digest arrived, after the digest instant. */
    firstSeconds: number; medianSeconds: number;
  };
  floor: { workflows: number; completed: number; seconds: number; lateStarts: number; ratio: number; firstSeconds: number; medianSeconds: number };
  /** `cliSeconds`: `status --json` (a page); `allSeconds`/`allRows`: `--all`; `ratio`: every item queried / --all. */
  status: { cliSeconds: number; rows: number; allSeconds?: number; allRows?: number; directSeconds: number; snapshots: number; ratio: number };
  /** GET /office: seconds, its HTTP status, the page's bytes. */
  board?: { seconds: number; code: number; bytes: number };
  /** CPU and peak RSS: the fan-out, summed over the workers; `lifetimePeakRssBytes`: the largest worker's high-water mark over start and the round. */
  worker: Usage & { cpuSecondsPer1000Items: number; peakRssMiBPer1000Items: number; lifetimePeakRssBytes: number };
  /** The worker's tuning variables in this round. */
  workerSettings?: Record<string, string>;
}


/** Resolves on the first line of `child`'s stdout that matches, rejects if it exits first. */
function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 120000): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs / 1000} s: ${err.slice(-2000)}`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (pattern.test(out)) { clearTimeout(timer); resolve(); }
    });
    child.stderr?.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${what} exited (${code}): ${err.slice(-2000)}`)); });
  });
}

/** Keeps the last lines a child printed (for errors) and never lets its pipes fill up. */
function drain(child: ChildProcess): () => string {
  let tail = '';
  const keep = (d: Buffer): void => { tail = (tail + d.toString()).slice(-4000); };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

/** SIGTERM, then SIGKILL after a few seconds: nothing of a finished round needs draining. */
async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

const median = (xs: number[]): number => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const secondsSince = (t0: number, t1 = Date.now()): number => (t1 - t0) / 1000;

/** The office board as a browser gets it: GET /office of a `rectify serve` with the service account's token. */
async function timeBoard(base: string, token: string, campaign: string): Promise<NonNullable<RoundResult['board']>> {
  const get = (c: string) => fetch(`${base}/office?campaign=${encodeURIComponent(c)}`, { headers: { authorization: `Bearer ${token}` } });
  // Once for nothing first: a running server has its pages' code loaded.
  await get('bench-none').then((r) => r.arrayBuffer());
  const t0 = Date.now();
  const r = await get(campaign);
  const bytes = (await r.arrayBuffer()).byteLength;
  return { seconds: secondsSince(t0), code: r.status, bytes };
}

export async function runRound(o: RoundOptions): Promise<RoundResult> {
  const { size, log } = o;
  const store = o.store ?? 'data';
  const campaign = `bench-${size}-r${o.run}${store === 'postgres' ? '-pg' : ''}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), `rectify-bench-${size}-`));
  const server = await startDevServer({ dataDir: dir, port: await freePort(), uiPort: await freePort(), headless: true });
  /** Digests of this round's reminder per recipient, and every Message-ID seen. */
  const perRecipient = new Map<string, number>();
  const messageIds = new Set<string>();
  const digestTimes: number[] = [];
  let momentKey = '';
  const onMessage = (m: ReceivedMail): void => {
    messageIds.add(m.messageId);
    if (m.headers['x-rectify-campaign'] !== campaign || m.headers['x-rectify-moment'] !== momentKey) return;
    for (const to of m.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    digestTimes.push(m.receivedAt.getTime());
  };
  const sink = await startMailSink({ onMessage });
  let pg: Postgres | undefined;
  const env: NodeJS.ProcessEnv = {
    TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', RECTIFY_SMTP_HOST: '127.0.0.1', RECTIFY_SMTP_PORT: String(sink.port),
    RECTIFY_DATA: dir, RECTIFY_LOG_LEVEL: 'ERROR', RECTIFY_LANG: 'en', ...o.workerEnv,
  };
  const workers: ChildProcess[] = [];
  let floorWorker: ChildProcess | undefined;
  let web: ChildProcess | undefined;
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, namespace: 'default' });
  try {
    // One worker on the data folder; or two hosts: a data folder each, one database.
    const hosts: NodeJS.ProcessEnv[] = [env];
    if (store === 'postgres') {
      pg = await startPostgres();
      env.RECTIFY_DATABASE_URL = pg.url;
      hosts.splice(0, 1, ...['host-a', 'host-b'].map((h) => {
        const data = path.join(dir, h);
        mkdirSync(data, { recursive: true });
        return { ...env, RECTIFY_DATA: data };
      }));
    }
    for (const host of hosts) workers.push(spawn(process.execPath, [BIN, 'worker'], { env: { ...process.env, ...host }, stdio: ['ignore', 'pipe', 'pipe'] }));
    await Promise.all(workers.map((w, i) => waitForLine(w, /rectify worker: Temporal/, `rectify worker ${i + 1}`)));
    // The office board, served as an office would: the service account's token.
    const officeToken = randomBytes(24).toString('hex');
    const webPort = await freePort();
    const base = `http://127.0.0.1:${webPort}`;
    web = spawn(process.execPath, [BIN, 'serve', '--port', String(webPort)], {
      env: { ...process.env, ...env, RECTIFY_OFFICE_TOKEN: officeToken, RECTIFY_LINK_KEY: randomBytes(32).toString('hex'), RECTIFY_PUBLIC_URL: base },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitForLine(web, /rectify serve: http/, 'rectify serve');
    drain(web);
    const floorDone = new Map<number, number>();
    floorWorker = fork(path.join(__dirname, 'floor-worker.js'), [], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    // Read what it prints: a full pipe would block the process.
    drain(floorWorker);
    await new Promise<void>((resolve, reject) => {
      floorWorker!.on('message', (m: { ready?: boolean; done?: number; at?: number }) => {
        if (m.ready) resolve();
        if (m.done !== undefined && !floorDone.has(m.done)) floorDone.set(m.done, m.at!);
      });
      floorWorker!.once('exit', (code) => reject(new Error(`the floor worker exited (${code})`)));
    });
    const pids = workers.map((w) => w.pid!);

    // ── 1. start ──────────────────────────────────────────────────────────
    const expectedStart = size / o.expectedStartRate;
    const moment = benchMoment(Date.now(), (expectedStart + o.marginSeconds) * 1000);
    momentKey = `digest:${moment.local}`;
    const { file, contacts } = fanOutCampaign(campaign, size, moment);
    const campaignFile = path.join(dir, `${campaign}.json`);
    writeFileSync(campaignFile, JSON.stringify(file));
    log(`${campaign}: starting ${size} items; the reminder at ${moment.local} (in ${Math.round((moment.at - Date.now()) / 1000)} s)`);
    const started = await rectify(['start', campaignFile, ...(o.desks !== undefined ? ['--desks', String(o.desks)] : [])], env);
    const startedAt = Date.now();
    const added = Number(/(\d+) items added/.exec(started.stdout)?.[1] ?? 0);
    // The items' first tasks (planning, telling the campaign) go on after start returns; the wait ends before the digests are due.
    const quietBy = Math.max(moment.at, startedAt) + 50000;
    // Settled: every worker quiet and no workflow task queued on the server (a worker waiting on a busy server is quiet too).
    const [quiet, backlog] = await Promise.all([
      Promise.all(pids.map((pid) => waitQuiet(pid, { share: 0.1, windowMs: 2000, timeoutMs: Math.max(0, quietBy - Date.now()) }))),
      waitBacklog(client, TASK_QUEUE, Math.max(0, quietBy - Date.now())),
      waitBacklog(client, campaignTaskQueue(TASK_QUEUE), Math.max(0, quietBy - Date.now())),
    ]).then(([q, items, campaigns]) => [q, { ms: Math.max(items.ms, campaigns.ms), left: items.left + campaigns.left }] as const);
    const settleSeconds = Math.max(...quiet, backlog.ms) / 1000;
    if (backlog.left) log(`${campaign}: ${backlog.left} workflow tasks still queued at the moment: the settling figure is a lower bound`);
    const start = {
      seconds: started.seconds, itemsPerSecond: size / started.seconds, added, settleSeconds, backlogLeft: backlog.left, ok: started.code === 0,
      ...(started.code !== 0 ? { error: (started.stderr || started.stdout).trim().slice(0, 500) } : {}),
    };
    log(`${campaign}: start ${started.seconds.toFixed(1)} s (${start.itemsPerSecond.toFixed(0)} items/s), settled ${settleSeconds.toFixed(1)} s later${start.ok ? '' : `; FAILED: ${start.error}`}`);

    // ── 2. fan-out ────────────────────────────────────────────────────────
    // A moment that passed while the campaign was still starting its items is handled as soon as it has
    // started them all (when `rectify start` returns): its digests go out a digest window after that.
    const momentLate = startedAt > moment.at;
    const digestInstant = Math.max(moment.at, startedAt) + DIGEST_WINDOW_MINUTES * 60000;
    if (momentLate) log(`${campaign}: the moment passed ${((startedAt - moment.at) / 1000).toFixed(0)} s before start returned: measured from start's end`);
    await sleepMs(digestInstant - Date.now() - 500);
    const usages = pids.map((pid) => sampleUsage(pid));
    const fanoutTimeout = Date.now() + Math.max(300000, contacts.length * 1000);
    while (contacts.some((c) => !perRecipient.has(c)) && Date.now() < fanoutTimeout) await sleepMs(50);
    const complete = contacts.every((c) => perRecipient.has(c));
    const end = complete ? Math.max(...digestTimes) : Date.now();
    const each = usages.map((u) => u.stop());
    const workerUsage: Usage = { cpuSeconds: each.reduce((t, u) => t + u.cpuSeconds, 0), peakRssBytes: each.reduce((t, u) => t + u.peakRssBytes, 0) };
    // A retried activity that mailed twice would show up shortly after.
    await sleepMs(2000);
    const expectedSet = new Set(contacts);
    const fanoutSeconds = secondsSince(digestInstant, end);
    const fanout = {
      expected: contacts.length,
      received: contacts.filter((c) => perRecipient.has(c)).length,
      duplicates: [...perRecipient.values()].reduce((s, n) => s + n - 1, 0),
      unexpected: [...perRecipient.keys()].filter((r) => !expectedSet.has(r)).length,
      distinctMessageIds: messageIds.size,
      seconds: fanoutSeconds, digestsPerSecond: contacts.length / fanoutSeconds, complete, momentLate,
      firstSeconds: digestTimes.length ? secondsSince(digestInstant, Math.min(...digestTimes)) : NaN,
      medianSeconds: secondsSince(digestInstant, median(digestTimes)),
    };
    log(`${campaign}: fan-out ${fanout.received}/${fanout.expected} digests in ${fanoutSeconds.toFixed(1)} s after the digest instant`
      + ` (worker ${workerUsage.cpuSeconds.toFixed(1)} CPU s, peak RSS ${(workerUsage.peakRssBytes / 2 ** 20).toFixed(0)} MiB)`);

    // ── 3. floor ──────────────────────────────────────────────────────────
    const n = contacts.length;
    // Bare workflows start faster than items: at 80 a second (and 5 s to spare) all have started before the instant.
    const wakeAt = Date.now() + 5000 + Math.ceil((n / 80) * 1000);
    let lateStarts = 0;
    await pool(Array.from({ length: n }, (_, i) => i), 20, async (i) => {
      await client.workflow.start(floorWorkflow, { workflowId: `floor-${campaign}-${i}`, taskQueue: FLOOR_TASK_QUEUE, args: [wakeAt, i] });
      if (Date.now() > wakeAt) lateStarts += 1;
    });
    const floorTimeout = Math.max(wakeAt, Date.now()) + Math.max(300000, n * 1000);
    while (floorDone.size < n && Date.now() < floorTimeout) await sleepMs(50);
    const floorSeconds = secondsSince(wakeAt, floorDone.size ? Math.max(...floorDone.values()) : Date.now());
    const floorTimes = [...floorDone.values()];
    const floor = {
      workflows: n, completed: floorDone.size, seconds: floorSeconds, lateStarts, ratio: fanoutSeconds / floorSeconds,
      firstSeconds: floorTimes.length ? secondsSince(wakeAt, Math.min(...floorTimes)) : NaN, medianSeconds: secondsSince(wakeAt, median(floorTimes)),
    };
    log(`${campaign}: floor ${floor.completed}/${n} in ${floorSeconds.toFixed(1)} s${lateStarts ? ` (${lateStarts} started after the instant)` : ''}; ratio ${floor.ratio.toFixed(2)}`);

    // ── 4. status ─────────────────────────────────────────────────────────
    const rowsOf = (out: string): number => { try { return (JSON.parse(out) as unknown[]).length; } catch { return 0; } };
    const status = await rectify(['status', '--json', '--campaign', campaign], env);
    const rows = rowsOf(status.stdout);
    const all = await rectify(['status', '--json', '--all', '--campaign', campaign], env);
    const board = await timeBoard(base, officeToken, campaign);
    log(`${campaign}: board ${board.seconds.toFixed(1)} s (HTTP ${board.code}, ${(board.bytes / 1024).toFixed(0)} KiB)`);
    const t0 = Date.now();
    const keys = Array.from({ length: size }, (_, i) => String(i + 1));
    const answers = await pool(keys, o.queryConcurrency, async (key) => {
      try {
        await client.workflow.getHandle(itemWorkflowId(campaign, key)).query(itemSnapshotQuery);
        return true;
      } catch {
        return false;
      }
    });
    const directSeconds = secondsSince(t0);
    const statusResult = {
      cliSeconds: status.seconds, rows, allSeconds: all.seconds, allRows: rowsOf(all.stdout),
      directSeconds, snapshots: answers.filter(Boolean).length, ratio: directSeconds / all.seconds,
    };
    log(`${campaign}: status --json ${rows} rows in ${status.seconds.toFixed(1)} s, --all ${statusResult.allRows} in ${all.seconds.toFixed(1)} s;`
      + ` ${statusResult.snapshots} items queried directly in ${directSeconds.toFixed(1)} s`);

    const per1000 = size / 1000;
    return {
      size, run: o.run, campaign, store, workers: workers.length, start, fanout, floor, status: statusResult, board,
      workerSettings: Object.fromEntries(Object.entries(o.workerEnv).filter((e): e is [string, string] => typeof e[1] === 'string')),
      worker: {
        ...workerUsage, cpuSecondsPer1000Items: workerUsage.cpuSeconds / per1000,
        peakRssMiBPer1000Items: workerUsage.peakRssBytes / 2 ** 20 / per1000, lifetimePeakRssBytes: Math.max(...pids.map((pid) => memory(pid).peak)),
      },
    };
  } finally {
    await stopProcess(web);
    await stopProcess(floorWorker);
    for (const w of workers) await stopProcess(w);
    await pg?.stop();
    await connection.close();
    await sink.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The rows `status --json` prints first (a page), for a campaign of `size` items. */
export const firstPageRows = (size: number): number => Math.min(size, TERMINAL_PAGE_SIZE);

export const contactsFor = (size: number): number => Math.ceil(size / ITEMS_PER_CONTACT);
