/**
 * Temporal's own floor for figure 1 (start): N bare workflows, each setting
 * one timer (bench/floor-workflow.ts), started 20 at a time from a client, as
 * rectify's start activity starts items, on a fresh dev server with rectify's
 * settings, until the floor's worker has run every first task.
 *
 *   node dist/bench/start-floor.js [N=10000]
 *
 * Prints the seconds to start them, the seconds the worker stayed busy after,
 * and the CPU seconds of the server and the worker. Compare with a round's
 * "start" and "worker busy after start returned" (README, "Benchmark");
 * `npm run bench` measures it in the same run (measureStartFloor) and prints
 * the ratio.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { freePort, startDevServer } from '../runtime/dev-server';
import { installRuntime } from '../worker/runtime';
import { pool } from '../domain/pool';
import { cpuSeconds, waitBacklog, waitQuiet } from './proc';
import { FLOOR_TASK_QUEUE, floorWorkflow } from './floor-workflow';

export interface StartFloor {
  workflows: number;
  /** Seconds to start them (20 at a time), and the seconds the worker stayed busy after. */
  seconds: number;
  settleSeconds: number;
  serverCpuSeconds: number;
  workerCpuSeconds: number;
}

/** N bare workflows started on a fresh dev server with their worker, as above (the Temporal runtime installed by the caller). */
export async function measureStartFloor(n: number): Promise<StartFloor> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rectify-start-floor-'));
  const server = await startDevServer({ dataDir: dir, port: await freePort(), uiPort: await freePort(), headless: true });
  const worker = fork(path.join(__dirname, 'floor-worker.js'), [], {
    env: { ...process.env, TEMPORAL_ADDRESS: server.address, RECTIFY_LOG_LEVEL: 'ERROR' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const connection = await Connection.connect({ address: server.address });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: { ready?: boolean }) => { if (m.ready) resolve(); });
      worker.once('exit', (code) => reject(new Error(`the floor worker exited (${code})`)));
    });
    const client = new Client({ connection });
    const wakeAt = Date.now() + 3600000;
    const t0 = Date.now();
    await pool(Array.from({ length: n }, (_, i) => i), 20, (i) => client.workflow.start(floorWorkflow, {
      workflowId: `start-floor-${i}`, taskQueue: FLOOR_TASK_QUEUE, args: [wakeAt, i],
    }));
    const started = (Date.now() - t0) / 1000;
    // As a round's settling: the worker quiet and no workflow task queued on the server.
    const [quiet, backlog] = await Promise.all([waitQuiet(worker.pid!, { share: 0.1, windowMs: 2000 }), waitBacklog(client, FLOOR_TASK_QUEUE)]);
    const settled = Math.max(quiet, backlog.ms) / 1000;
    return { workflows: n, seconds: started, settleSeconds: settled, serverCpuSeconds: cpuSeconds(server.process.pid!), workerCpuSeconds: cpuSeconds(worker.pid!) };
  } finally {
    worker.kill('SIGTERM');
    await connection.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(n: number): Promise<void> {
  installRuntime('ERROR');
  const f = await measureStartFloor(n);
  console.log(`${n} bare workflows: started in ${f.seconds.toFixed(1)} s (${(n / f.seconds).toFixed(0)}/s), worker busy ${f.settleSeconds.toFixed(1)} s more;`
    + ` CPU s: server ${f.serverCpuSeconds.toFixed(1)}, worker ${f.workerCpuSeconds.toFixed(1)}`);
}

if (require.main === module) {
  const n = Number(process.argv[2] ?? 10000);
  if (!Number.isInteger(n) || n < 1) {
    console.error('start-floor: N must be a whole number of at least 1');
    process.exit(2);
  }
  main(n).then(() => process.exit(0), (err: Error) => { console.error(`start-floor: ${err.message}`); process.exit(1); });
}
