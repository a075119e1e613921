/**
 * The floor's worker, as a process of its own beside `rectify worker` (forked
 * by bench/run.ts with an IPC channel): the same connection settings and the
 * same tuning variables, its own task queue. Each no-op activity reports
 * `{ done: n, at }` to the parent.
 */
import { Worker, NativeConnection } from '@temporalio/worker';
import { installRuntime } from '../worker/runtime';
import { readWorkerEnv, workerTuning } from '../config/worker-settings';
import { floorActivities } from './floor-activities';
import { FLOOR_TASK_QUEUE } from './floor-workflow';

async function main(): Promise<void> {
  installRuntime('ERROR');
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? 'localhost:7233' });
  const tuning = workerTuning(readWorkerEnv());
  const worker = await Worker.create({
    connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', taskQueue: FLOOR_TASK_QUEUE,
    workflowsPath: require.resolve('./floor-workflow'),
    activities: floorActivities((n) => process.send?.({ done: n, at: Date.now() })),
    ...tuning,
    // The same default as rectify's worker (worker/index.ts).
    maxConcurrentActivityTaskExecutions: tuning.maxConcurrentActivityTaskExecutions ?? 20,
    shutdownGraceTime: '5s',
  });
  process.send?.({ ready: true });
  // The parent going away (or SIGTERM, handled by the SDK's runtime) stops the worker.
  process.on('disconnect', () => { if (worker.getState() === 'RUNNING') worker.shutdown(); });
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  console.error(`floor worker: ${(err as Error).message}`);
  process.exit(1);
});
