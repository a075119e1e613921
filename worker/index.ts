/**
 * The rectify worker: workflows from the prebuilt bundle, activities from the
 * factory. `rectify worker` runs it as a service; tests and `simulate` build
 * one over their own connection.
 */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { createActivities, type ActivityDeps } from '../activities';
import { TASK_QUEUE } from '../workflows/messages';
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

export async function createWorker(s: WorkerSettings): Promise<Worker> {
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = existsSync(BUNDLE_PATH)
    ? { workflowBundle: { codePath: BUNDLE_PATH } }
    : { workflowsPath: require.resolve('../workflows') };
  const bundlerOptions = workflowSource.workflowsPath ? { bundlerOptions: { preloadModules: PRELOADED_WORKFLOW_MODULES } } : {};
  return Worker.create({
    connection: s.connection,
    namespace: s.namespace ?? 'default',
    taskQueue: s.taskQueue ?? TASK_QUEUE,
    ...workflowSource,
    ...bundlerOptions,
    activities: createActivities(s.deps),
    maxCachedWorkflows: s.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: s.maxConcurrentActivityTaskExecutions ?? 20,
    maxConcurrentWorkflowTaskExecutions: s.maxConcurrentWorkflowTaskExecutions,
    maxConcurrentLocalActivityExecutions: s.maxConcurrentLocalActivityExecutions,
    interceptors: s.interceptors,
    // On SIGTERM, a mail being handed to SMTP gets this long to finish before the worker stops.
    shutdownGraceTime: s.shutdownGraceTime ?? '30s',
    shutdownForceTime: s.shutdownForceTime,
  });
}
