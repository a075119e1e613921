/**
 * The floor of the cadence fan-out: the least a Temporal workflow can do at a
 * weekly moment — sleep until the instant, then run one activity that does
 * nothing. The benchmark runs as many of these as the engine sends digests,
 * on the same server, and compares (bench/run.ts).
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { FloorActivities } from './floor-activities';

export const FLOOR_TASK_QUEUE = 'rectify-bench-floor';

const { floorNoop } = proxyActivities<FloorActivities>({ startToCloseTimeout: '30 seconds' });

export async function floorWorkflow(wakeAtMs: number, n: number): Promise<void> {
  const wait = wakeAtMs - Date.now();
  if (wait > 0) await sleep(wait);
  await floorNoop(n);
}
