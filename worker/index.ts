/**
 * The rectify worker: workflows from the prebuilt bundle, activities from the
 * factory. `rectify worker` runs it as a service; tests and `simulate` build
 * one over their own connection.
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createActivities, type ActivityDeps } from '../activities';
import { campaignTaskQueue, TASK_QUEUE } from '../workflows/messages';
import type { WorkerTuning } from '../config/worker-settings';
import { PRELOADED_WORKFLOW_MODULES } from './bundle-options';

/** dist/workflow-bundle.js, from the compiled worker or from the sources (tests). */
export const BUNDLE_PATH = [path.resolve(__dirname, '..', 'workflow-bundle.js'), path.resolve(__dirname, '..', 'dist', 'workflow-bundle.js')]
  .find((p) => existsSync(p)) ?? path.resolve(__dirname, '..', 'workflow-bundle.js');

/** Tuning (docs/runbook.md): workflows cached, activities, workflow tasks and local activities at once. */
export interface WorkerSettings extends WorkerTuning {
  connection: NativeConnection;
  namespace?: string;
  taskQueue?: string;
  deps: ActivityDeps;
  /** `simulate` counts finished activities as progress. */
  interceptors?: WorkerOptions['interceptors'];
  /** How long a stopping worker lets running tasks finish (default 30 s), and when it gives up on them. */
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
  shutdownForceTime?: WorkerOptions['shutdownForceTime'];
}

/** The campaigns' and desks' worker: a few workflows (a campaign and its up to 64 desks each), always cached. */
const CAMPAIGN_WORKER = { maxCachedWorkflows: 200, workflowThreadPoolSize: 1 } as const;

/**
 * The two workers of one process, run and stopped together: the items' on the task queue, and the
 * campaigns' (and desks') on campaignTaskQueue of it (a campaign's queries and reminder moments never wait
 * behind a city's item tasks). The items' worker has the tuning; the campaigns' has a cache of its own.
 */
export class RectifyWorker {
  constructor(readonly items: Worker, readonly campaigns: Worker) {}

  private get both(): Worker[] { return [this.items, this.campaigns]; }

  /** Runs both until shut down; one failing stops the other and rejects with its error. */
  async run(): Promise<void> {
    await Promise.all(this.both.map((w) => w.run().catch((err: unknown) => { this.shutdown(); throw err; })));
  }

  /** Runs both until `fnOrPromise` settles, then stops them; its result or error is returned. */
  runUntil<R>(fnOrPromise: Promise<R> | (() => Promise<R>)): Promise<R> {
    return this.items.runUntil(this.campaigns.runUntil(fnOrPromise));
  }

  /** Asks both to stop (each lets running tasks finish within the grace time). */
  shutdown(): void {
    for (const w of this.both) if (w.getState() === 'RUNNING') w.shutdown();
  }

  /** FAILED if either failed, else the items' worker's state (both move together). */
  getState(): ReturnType<Worker['getState']> {
    return this.both.find((w) => w.getState() === 'FAILED')?.getState() ?? this.items.getState();
  }
}

export async function createWorker(s: WorkerSettings): Promise<RectifyWorker> {
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = existsSync(BUNDLE_PATH)
    ? { workflowBundle: { codePath: BUNDLE_PATH } }
    : { workflowsPath: require.resolve('../workflows') };
  const bundlerOptions = workflowSource.workflowsPath ? { bundlerOptions: { preloadModules: PRELOADED_WORKFLOW_MODULES } } : {};
  const itemQueue = s.taskQueue ?? TASK_QUEUE;
  const common = {
    connection: s.connection,
    namespace: s.namespace ?? 'default',
    ...workflowSource,
    ...bundlerOptions,
    activities: createActivities(s.deps),
    interceptors: s.interceptors,
    // On SIGTERM, a mail being handed to SMTP gets this long to finish before the worker stops.
    shutdownGraceTime: s.shutdownGraceTime ?? '30s',
    shutdownForceTime: s.shutdownForceTime,
  } satisfies Partial<WorkerOptions>;
  const [items, campaigns] = await Promise.all([
    Worker.create({
      ...common,
      taskQueue: itemQueue,
      maxCachedWorkflows: s.maxCachedWorkflows,
      maxConcurrentActivityTaskExecutions: s.maxConcurrentActivityTaskExecutions ?? 20,
      maxConcurrentWorkflowTaskExecutions: s.maxConcurrentWorkflowTaskExecutions,
      maxConcurrentLocalActivityExecutions: s.maxConcurrentLocalActivityExecutions,
    }),
    // Its desks mail digests: as many at once as the operator allows the items (RECTIFY_MAX_ACTIVITIES).
    Worker.create({ ...common, taskQueue: campaignTaskQueue(itemQueue), ...CAMPAIGN_WORKER, maxConcurrentActivityTaskExecutions: s.maxConcurrentActivityTaskExecutions ?? 20 }),
  ]);
  return new RectifyWorker(items, campaigns);
}
