/**
 * Starting a campaign: the campaign workflow (idempotent: the same campaign id
 * finds the running workflow) and its items in batches. Starting twice adds
 * nothing twice: the campaign knows its items by key.
 */
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { CampaignPlan } from '../domain/types';
import { LIMITS } from '../domain/limits';
import { campaignWorkflow } from '../workflows/campaign';
import { addItemsUpdate, campaignWorkflowId, CampaignIdKey, TASK_QUEUE } from '../workflows/messages';

export interface StartResult { workflowId: string; added: number; known: number }

export async function startCampaign(client: Client, plan: CampaignPlan, opts: { clockOffsetMs?: number; taskQueue?: string; historyLimit?: number; itemHistoryLimit?: number } = {}): Promise<StartResult> {
  const { items, ...settings } = plan;
  const workflowId = campaignWorkflowId(plan.id);
  const handle = await client.workflow.start(campaignWorkflow, {
    workflowId,
    taskQueue: opts.taskQueue ?? TASK_QUEUE,
    args: [{ settings, clockOffsetMs: opts.clockOffsetMs, historyLimit: opts.historyLimit, itemHistoryLimit: opts.itemHistoryLimit }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    typedSearchAttributes: [{ key: CampaignIdKey, value: plan.id }],
  });
  let added = 0;
  let known = 0;
  for (let i = 0; i < items.length; i += LIMITS.itemsPerBatch) {
    const r = await handle.executeUpdate(addItemsUpdate, { args: [items.slice(i, i + LIMITS.itemsPerBatch)] });
    added += r.added;
    known += r.known;
  }
  return { workflowId, added, known };
}
