/**
 * What one cached item workflow costs the worker (issue 18): a worker in this
 * process, as `rectify worker` builds it, with the SDK's default workflow
 * cache; a generated campaign of N items started by `rectify start`; once
 * the worker is quiet, the heap after a full GC against the heap before the
 * start, divided by the workflows in the cache.
 *
 *   node --expose-gc dist/bench/worker-memory.js [--items 3000] [--snapshot FILE]
 *
 * Prints the cache's size, RSS (now and peak), V8's heap used before and
 * after, and the heap per cached workflow. `--snapshot FILE` writes a heap
 * snapshot after the measure (for a look at what a workflow holds; keep N
 * small, the file is about twice the heap).
 */
import { Command, InvalidArgumentError } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { Client, Connection } from '@temporalio/client';
import { freePort, startDevServer } from '../runtime/dev-server';
import { startMailSink } from '../runtime/mail-sink';
import { installRuntime } from '../worker/runtime';
import { buildServiceWorker } from '../worker/service';
import { temporal } from '@temporalio/proto';
import { itemWorkflowId, TASK_QUEUE } from '../workflows/messages';
import { benchMoment, fanOutCampaign } from './campaign';
import { memory, rectify, sleepMs, waitBacklog } from './proc';

export interface WorkerMemory {
  items: number;
  cachedWorkflows: number;
  heapUsedBeforeBytes: number;
  heapUsedAfterBytes: number;
  /** The heap when the worker went quiet, before any forced collection (garbage included), and what V8 had reserved for it. */
  heapUsedQuietBytes: number;
  heapTotalQuietBytes: number;
  heapPerCachedWorkflowBytes: number;
  rssBeforeBytes: number;
  rssBytes: number;
  peakRssBytes: number;
  startSeconds: number;
  /** One item's first run: its history encoded, and its input's parts as JSON (bytes). */
  item: { historyBytes: number; historyEvents: number; inputBytes: Record<string, number> };
}

const MiB = 2 ** 20;

/** Full collections until the heap stops shrinking (needs --expose-gc; without it, V8's own timing decides). */
async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  let last = Infinity;
  for (let i = 0; i < 5; i++) {
    gc?.();
    await sleepMs(200);
    const used = v8.getHeapStatistics().used_heap_size;
    if (used >= last * 0.99) return used;
    last = used;
  }
  return last;
}

/** What one item workflow's first run carries: the history as the worker receives it, and the input's parts. */
async function itemFootprint(client: Client, workflowId: string): Promise<WorkerMemory['item']> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const historyBytes = temporal.api.history.v1.History.encode(history).finish().length;
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  const input = JSON.parse(Buffer.from(payload?.data ?? new Uint8Array()).toString('utf8')) as Record<string, unknown>;
  const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v) ?? '');
  const inputBytes: Record<string, number> = { whole: bytes(input) };
  for (const [k, v] of Object.entries(input)) inputBytes[k] = bytes(v);
  return { historyBytes, historyEvents: history.events?.length ?? 0, inputBytes };
}

export async function measureWorkerMemory(items: number, snapshot?: string): Promise<WorkerMemory> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-worker-memory-'));
  const server = await startDevServer({ dataDir: dir, port: await freePort(), uiPort: await freePort(), headless: true });
  const sink = await startMailSink({});
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default', RECTIFY_SMTP_HOST: '127.0.0.1', RECTIFY_SMTP_PORT: String(sink.port),
    RECTIFY_DATA: dir, RECTIFY_LOG_LEVEL: 'ERROR', RECTIFY_LANG: 'en',
  };
  Object.assign(process.env, env);
  const connection = await Connection.connect({ address: server.address });
  const { worker, close } = await buildServiceWorker();
  const running = worker.run();
  try {
    await sleepMs(2000);
    const heapUsedBeforeBytes = await settledHeap();
    const rssBeforeBytes = memory(process.pid).rss;
    // The reminder an hour away: nothing but the start and the items' first tasks in the measure.
    const { file } = fanOutCampaign(`memory-${items}`, items, benchMoment(Date.now(), 3600000));
    const campaignFile = path.join(dir, 'campaign.json');
    writeFileSync(campaignFile, JSON.stringify(file));
    const started = await rectify(['start', campaignFile], env);
    if (started.code !== 0) throw new Error(`rectify start failed: ${(started.stderr || started.stdout).trim().slice(0, 500)}`);
    await waitBacklog(new Client({ connection }), TASK_QUEUE);
    // Quiet: the cache stops changing for five seconds.
    for (let last = -1, same = 0; same < 5; await sleepMs(1000)) {
      const n = worker.items.getStatus().numCachedWorkflows;
      same = n === last ? same + 1 : 0;
      last = n;
    }
    const quiet = v8.getHeapStatistics();
    const heapUsedAfterBytes = await settledHeap();
    const cachedWorkflows = worker.items.getStatus().numCachedWorkflows;
    const m = memory(process.pid);
    if (snapshot) v8.writeHeapSnapshot(snapshot);
    const item = await itemFootprint(new Client({ connection }), itemWorkflowId(`memory-${items}`, '1'));
    return {
      items, cachedWorkflows, heapUsedBeforeBytes, heapUsedAfterBytes, heapUsedQuietBytes: quiet.used_heap_size, heapTotalQuietBytes: quiet.total_heap_size,
      heapPerCachedWorkflowBytes: (heapUsedAfterBytes - heapUsedBeforeBytes) / Math.max(1, cachedWorkflows),
      rssBeforeBytes, rssBytes: m.rss, peakRssBytes: m.peak, startSeconds: started.seconds, item,
    };
  } finally {
    worker.shutdown();
    await running.catch(() => undefined);
    await close();
    await connection.close();
    await sink.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<void> {
  const o = new Command('worker-memory')
    .option('--items <n>', 'items of the generated campaign', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 10) throw new InvalidArgumentError('--items: a whole number of at least 10');
      return n;
    }, 3000)
    .option('--snapshot <file>', 'write a heap snapshot after the measure')
    .parse(argv)
    .opts<{ items: number; snapshot?: string }>();
  if (!(globalThis as { gc?: unknown }).gc) console.error('worker-memory: run node with --expose-gc for a settled heap');
  installRuntime('ERROR');
  const r = await measureWorkerMemory(o.items, o.snapshot);
  console.log(`${r.items} items started in ${r.startSeconds.toFixed(1)} s; ${r.cachedWorkflows} workflows cached`
    + ` (heap limit ${(v8.getHeapStatistics().heap_size_limit / MiB).toFixed(0)} MiB)`);
  console.log(`heap when quiet: ${(r.heapUsedQuietBytes / MiB).toFixed(0)} MiB used of ${(r.heapTotalQuietBytes / MiB).toFixed(0)} MiB reserved`);
  console.log(`heap used after full collections: ${(r.heapUsedBeforeBytes / MiB).toFixed(0)} MiB before the start, ${(r.heapUsedAfterBytes / MiB).toFixed(0)} MiB after;`
    + ` ${(r.heapPerCachedWorkflowBytes / 1024).toFixed(0)} KiB per cached workflow`);
  console.log(`RSS: ${(r.rssBeforeBytes / MiB).toFixed(0)} MiB before the start, ${(r.rssBytes / MiB).toFixed(0)} MiB now, ${(r.peakRssBytes / MiB).toFixed(0)} MiB peak (this process: worker, client and mail sink)`);
  console.log(`one item: ${r.item.historyEvents} events, ${(r.item.historyBytes / 1024).toFixed(1)} KiB of history; input as JSON:`
    + ` ${Object.entries(r.item.inputBytes).map(([k, v]) => `${k} ${(v / 1024).toFixed(1)} KiB`).join(', ')}`);
  console.log(JSON.stringify(r));
}

if (require.main === module) {
  // The Temporal runtime keeps the process alive: exit explicitly.
  main(process.argv).then(() => process.exit(0), (err: Error) => { console.error(`worker-memory: ${err.stack ?? err.message}`); process.exit(1); });
}
