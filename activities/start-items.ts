/**
 * Starting a batch of a campaign's item workflows through the client (the
 * campaign calls this activity instead of starting children: a city's 10,000
 * items would be 10,000 children in one history, over Temporal's limit of
 * 2,000 pending children per run).
 *
 * Idempotent: a retried batch finds the items it already started running and
 * leaves them alone; an item that has ended (closed) is not started again.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { itemStart, type FirstPlan, type ItemStartCommon } from '../workflows/messages';
import type { ItemPlan } from '../domain/types';
import { pool } from '../domain/pool';
import type { StartItemsInput } from './types';

/** Starts at once (each start is one round trip to the server). */
const CONCURRENCY = 20;

export async function startItemWorkflows(
  client: Client, input: StartItemsInput, firstPlan?: (common: ItemStartCommon, item: ItemPlan, nowMs: number) => FirstPlan,
): Promise<{ started: number; running: number }> {
  let started = 0;
  let running = 0;
  const { nowMs } = input;
  await pool(input.items, CONCURRENCY, async (item) => {
    const start = itemStart(input.common, item, nowMs !== undefined && firstPlan ? firstPlan(input.common, item, nowMs) : undefined);
    try {
      await client.workflow.start('itemWorkflow', {
        workflowId: start.workflowId, taskQueue: input.taskQueue, args: [start.input],
        typedSearchAttributes: start.typedSearchAttributes,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      started += 1;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      running += 1;
    }
  });
  return { started, running };
}
