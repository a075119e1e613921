/**
 * An item closed (已销号) before v0.5 ended its workflow on acceptance. A reopening, an office note or a correction
 * of such an item starts a new run under the same workflow id, carrying the ended run's record (read with its
 * continuation query, as continue-as-new would carry it): the new run waits for that one update, then ends again
 * unless the update reopened the item. Items accepted since v0.5 keep running after 销号 and need none of this.
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import {
  CampaignIdKey, DeadlineKey, ItemIdKey, LeaderKey, LightKey, StateKey, UnitKey, itemContinuationQuery,
} from '../workflows/messages';

/**
 * Starts the ended run of a closed item again, carrying its record; false (nothing started) when the run is not
 * an ended closed item, or its campaign has ended too (no registry to follow it).
 */
export async function resumeEndedItem(client: Client, handle: WorkflowHandle): Promise<boolean> {
  const d = await handle.describe().catch(() => undefined);
  if (!d || d.status.name !== 'COMPLETED') return false;
  const input = await handle.query(itemContinuationQuery).catch(() => undefined);
  const carried = input?.carried;
  if (!input || !carried || carried.state !== 'closed') return false;
  const campaign = await client.workflow.getHandle(input.campaignWorkflowId).describe().catch(() => undefined);
  if (!campaign || campaign.status.name !== 'RUNNING') return false;
  const at = Date.now() + (input.clockOffsetMs ?? 0);
  const item = carried.item;
  try {
    await client.workflow.start('itemWorkflow', {
      workflowId: d.workflowId, taskQueue: d.taskQueue,
      args: [{
        ...input, resumed: true,
        // From now on: the moments since 销号 are not worked through again (nothing was owed by a closed item).
        carried: { ...carried, cursorMs: at, log: [...carried.log, { at, what: 'continued', by: 'rectify', detail: 'resumed after 销号 (已销号) to take an entry' }] },
      }],
      typedSearchAttributes: [
        { key: CampaignIdKey, value: input.campaign.id }, { key: ItemIdKey, value: item.id }, { key: UnitKey, value: item.leadUnit },
        { key: LeaderKey, value: item.leaderId }, { key: DeadlineKey, value: item.deadline }, { key: StateKey, value: 'closed' }, { key: LightKey, value: 'grey' },
      ],
    });
  } catch (err) {
    // Another person's entry resumed it a moment ago: the update goes to that run.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return true;
}
